/**
 * CSV exports (issue 16): the admin list with its filters, streamed from a server-side cursor
 * under RLS, formula-injection-safe cells; refused to students; the per-admin analytics table.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { handleAdminAnalyticsCsv } from "@/features/analytics/handlers/admin-csv";
import { handleAdminTicketsExport } from "@/features/tickets/handlers/export-handlers";
import type { TSessionUser } from "@/server/auth/session";
import { streamRowsAsUser } from "@/server/db/cursor-stream";
import { csvCell } from "@/server/http/csv";
import { createAdmin, createStudent, createTicket, createTicketCategory, sessionUserOf } from "../factories";

let admin: TSessionUser;
let student: TSessionUser;
let category: string;
let numbers: { open: number[]; resolved: number[] };

beforeAll(async () => {
  const [adminRow, studentRow] = await Promise.all([createAdmin(), createStudent()]);
  admin = sessionUserOf(adminRow);
  student = sessionUserOf(studentRow);
  category = (await createTicketCategory()).slug;
  const open = [];
  for (const subject of ['=HYPERLINK("http://evil.example")', 'Séance, "annulée"', "+33 facture", "Ordinaire"]) {
    open.push(await createTicket({ userId: studentRow.id, category, status: "open", subject }));
  }
  const resolved = [
    await createTicket({ userId: studentRow.id, category, status: "resolved", assignedTo: adminRow.id }),
  ];
  numbers = { open: open.map((t) => t.number), resolved: resolved.map((t) => t.number) };
});

/** The body's text after its UTF-8 byte-order mark (which must be there, for Excel). */
async function csvBody(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
}

/** Splits RFC 4180 text into rows of cells (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

const exportUrl = (query: string) =>
  new Request(`http://localhost/api/tickets/export?${query}`, {
    headers: { "accept-language": "fr-CA" },
  });

describe("GET /api/tickets/export", () => {
  it("streams the admin list with its filters and sort, cells made inert", async () => {
    const response = await handleAdminTicketsExport(
      exportUrl(`category=${category}&status=open&sort=created_asc`),
      admin,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="demandes-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(await csvBody(response));
    expect(header?.[0]).toBe("Numéro");
    expect(rows.map((r) => Number(r[0]))).toEqual(numbers.open);
    expect(rows.map((r) => r[1])).toEqual([
      '\'=HYPERLINK("http://evil.example")',
      'Séance, "annulée"',
      "'+33 facture",
      "Ordinaire",
    ]);
    expect(rows.every((r) => r[2] === "Ouverte")).toBe(true);

    const resolved = parseCsv(
      await csvBody(await handleAdminTicketsExport(exportUrl(`category=${category}&status=resolved`), admin)),
    );
    expect(resolved.slice(1).map((r) => Number(r[0]))).toEqual(numbers.resolved);
  });

  it("refuses students (403) and signed-out requests (401), and filters the list would refuse (400)", async () => {
    const asStudent = await handleAdminTicketsExport(exportUrl(`category=${category}`), student);
    expect(asStudent.status).toBe(403);
    expect(asStudent.headers.get("content-type")).toContain("application/json");
    expect((await handleAdminTicketsExport(exportUrl(""), null)).status).toBe(401);
    expect((await handleAdminTicketsExport(exportUrl("from=2026-05-10&to=2026-05-01"), admin)).status).toBe(400);
  });

  it("reads the cursor batch by batch, as the consumer asks, under the caller's RLS", async () => {
    const query = sql`select t.number from support_tickets t where t.category = ${category} order by t.number`;
    const batches: number[][] = [];
    const reader = streamRowsAsUser<{ number: number }>(
      admin.id,
      query,
      (rows) => `${JSON.stringify(rows.map((r) => r.number))}\n`,
      { batchSize: 2 },
    ).getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      batches.push(
        ...decoder
          .decode(value)
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as number[]),
      );
    }
    expect(batches).toEqual([
      [...numbers.open, ...numbers.resolved].sort((a, b) => a - b).slice(0, 2),
      [...numbers.open, ...numbers.resolved].sort((a, b) => a - b).slice(2, 4),
      [...numbers.open, ...numbers.resolved].sort((a, b) => a - b).slice(4),
    ]);
    // The same query as a student who owns none of them... owns all of them here; as another
    // student, RLS leaves nothing.
    const other = sessionUserOf(await createStudent());
    const none = await new Response(streamRowsAsUser(other.id, query, (rows) => `${rows.length}\n`)).text();
    expect(none).toBe("");
  });

  it("stops reading when the download is cancelled", async () => {
    const query = sql`select g from generate_series(1, 100000) g`;
    let produced = 0;
    const stream = streamRowsAsUser<{ g: number }>(
      admin.id,
      query,
      (rows) => {
        produced += rows.length;
        return `${rows.length}\n`;
      },
      { batchSize: 100 },
    );
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Back-pressure: a few batches ahead at most, never the 100,000 rows.
    expect(produced).toBeLessThan(2000);
  });
});

describe("csvCell", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("ligne\nsuivante")).toBe('"ligne\nsuivante"');
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(null)).toBe("");
  });
});

describe("GET /api/analytics/admins", () => {
  it("gives admins the per-admin table and refuses students", async () => {
    const ok = await handleAdminAnalyticsCsv(
      new Request(`http://localhost/api/analytics/admins?category=${category}`, {
        headers: { "accept-language": "en" },
      }),
      admin,
    );
    expect(ok.status).toBe(200);
    const rows = parseCsv(await csvBody(ok));
    expect(rows[0]?.[0]).toBe("Team member");
    expect(rows.length).toBeGreaterThan(1);
    const refused = await handleAdminAnalyticsCsv(new Request("http://localhost/api/analytics/admins"), student);
    expect(refused.status).toBe(403);
  });
});
