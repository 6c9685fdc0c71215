/**
 * Turns what an admin typed into a full-text query: every word becomes a prefix term
 * ("reserv" finds "réservations"), joined with AND. Accents and case are handled by the
 * `ticket_search` configuration (unaccent + French stemming) on both sides. Only letters
 * and digits survive, so the result is always valid to_tsquery() syntax.
 * "#1042" or "1042" also matches ticket number 1042.
 */
export type TSearchTerms = { tsQuery: string | null; ticketNumber: number | null };

const MAX_TERMS = 8;

export function buildSearchTerms(text: string | undefined): TSearchTerms {
  const trimmed = (text ?? "").normalize("NFC").trim();
  if (!trimmed) return { tsQuery: null, ticketNumber: null };

  const numberMatch = /^#?\s*(\d{1,9})$/.exec(trimmed);
  const ticketNumber = numberMatch?.[1] ? Number(numberMatch[1]) : null;
  if (trimmed.startsWith("#") && ticketNumber !== null) return { tsQuery: null, ticketNumber };

  const words = trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_TERMS);
  const tsQuery = words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : null;
  return { tsQuery, ticketNumber };
}
