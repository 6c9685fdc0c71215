import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { isCanonicalUuid, isMicrosecondTimestampText } from "../text-shapes";
import { validationError } from "../validation";

// Keyset paging ("rows after this key", never OFFSET), for every list of the house: a page
// is picked on an index that matches the sort, and the next page starts after the last
// row's key. Sort keys end with a unique column (id), so the order is total and a page
// boundary can neither repeat nor skip a row, whatever is inserted meanwhile.

/** One column of a sort key: its SQL name, the cast its cursor text gets back, and the shape that text must have. */
export type TKeyColumn = { column: string; cast: string; isValid?: (value: string) => boolean };
export type TKeyDirection = "asc" | "desc";

const VALID_BY_CAST: Record<string, (value: string) => boolean> = {
  timestamptz: isMicrosecondTimestampText,
  uuid: isCanonicalUuid,
};

/**
 * Whether `key` has the shape keyExpression() gives rows sorted on `columns`: a tampered
 * cursor is refused before SQL sees it (instead of failing a cast, or comparing with NULL).
 */
export function isKeyOf(columns: readonly TKeyColumn[], key: readonly string[]): boolean {
  return (
    key.length === columns.length &&
    columns.every((c, i) => (c.isValid ?? VALID_BY_CAST[c.cast])?.(key[i] ?? "") === true)
  );
}

// Cursors: the last row's sort key, opaque to the browser (base64url JSON), naming the sort
// it was made for. Timestamps travel as text (UTC ISO 8601 with microseconds) so their
// microseconds survive the round trip: a cursor rounded to milliseconds would skip rows.
const ZCursor = z.object({
  s: z.string().max(40),
  k: z.array(z.string().max(64)).min(2).max(3),
});

export function encodeCursor(sort: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key }), "utf8").toString("base64url");
}

/**
 * The cursor's key for `sort`, or VALIDATION (cursor: cursorInvalid) when it was tampered
 * with, made for another sort, or does not fit `columns`.
 */
export function decodeCursor(
  cursor: string | undefined,
  sort: string,
  columns: readonly TKeyColumn[],
): string[] | null {
  if (!cursor) return null;
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success && parsed.data.s === sort && isKeyOf(columns, parsed.data.k)) return parsed.data.k;
  } catch {
    // fall through
  }
  throw validationError("cursor", "cursorInvalid");
}

function columnList(columns: readonly TKeyColumn[], alias: string): SQL {
  return sql.raw(columns.map((c) => `${alias}.${c.column}`).join(", "));
}

/** `alias.a desc, alias.b desc`: every column in the one direction, as the matching index is built. */
export function keyOrderBy(columns: readonly TKeyColumn[], direction: TKeyDirection, alias: string): SQL {
  const dir = direction === "desc" ? "desc" : "asc";
  return sql.raw(columns.map((c) => `${alias}.${c.column} ${dir}`).join(", "));
}

/** `(cols) < (values)` for descending pages, `>` for ascending: one row comparison the index can seek to. */
export function afterKey(
  columns: readonly TKeyColumn[],
  direction: TKeyDirection,
  alias: string,
  key: readonly string[],
): SQL {
  const values = sql.join(
    columns.map((c, i) => sql`${key[i] ?? null}::${sql.raw(c.cast)}`),
    sql`, `,
  );
  const operator = sql.raw(direction === "desc" ? "<" : ">");
  return sql`(${columnList(columns, alias)}) ${operator} (${values})`;
}

/**
 * The sort key of a row as text, for the next cursor. Timestamps are written as UTC ISO 8601
 * with their microseconds, whatever the session's DateStyle and TimeZone, so that isKeyOf()
 * can check a cursor's key before it reaches SQL.
 */
export function keyExpression(columns: readonly TKeyColumn[], alias: string): SQL {
  return sql.join(
    columns.map((c) =>
      sql.raw(
        c.cast === "timestamptz"
          ? `to_char(${alias}.${c.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
          : `${alias}.${c.column}::text`,
      ),
    ),
    sql`, `,
  );
}

/**
 * LIMIT written into the text, not bound: with `limit $n` a prepared statement's generic
 * plan assumes it may return a tenth of the table, so PostgreSQL kept planning every
 * execution anew (custom plans only: measured 200 of 200 at 1M tickets).
 */
export function limitLiteral(limit: number): SQL {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`invalid page limit: ${limit}`);
  return sql.raw(String(limit));
}

export type TKeysetPage<T> = { items: T[]; nextKey: string[] | null };

/** Rows fetched with `limit + 1`: the page, and the key to continue after when there is more. */
export function splitPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => string[],
  toItem: (row: R) => T,
): TKeysetPage<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return { items: pageRows.map(toItem), nextKey: rows.length > limit && last ? keyOf(last) : null };
}
