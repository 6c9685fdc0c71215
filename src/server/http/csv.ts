import "server-only";

// CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel reads the accents).
// Cells are made inert: a cell that a spreadsheet would take for a formula (=, +, -, @, or a
// tab / carriage return first) gets a leading apostrophe, as OWASP's "CSV injection" advice
// says, so a ticket subject like "=HYPERLINK(…)" stays text.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: null and undefined are empty; dates are ISO 8601; numbers as JavaScript writes them. */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated. */
export function csvLine(values: readonly (string | number | boolean | Date | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export const CSV_BOM = "\uFEFF";

/** Headers of a CSV download named `fileName` (ASCII), never cached. */
export function csvHeaders(fileName: string): Record<string, string> {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}
