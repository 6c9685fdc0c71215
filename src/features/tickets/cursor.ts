import "server-only";
import { z } from "zod";
import { validationError } from "@/server/validation";

// Keyset cursors: the last row's sort key, opaque to the browser (base64url JSON).
// Timestamps travel as text (UTC ISO 8601 with microseconds) so their microseconds survive the round trip:
// a cursor rounded to milliseconds would skip rows between pages.
const ZCursor = z.object({
  s: z.string().max(40),
  k: z.array(z.string().max(64)).min(2).max(3),
});
export type TCursor = z.infer<typeof ZCursor>;

export function encodeCursor(sort: string, key: string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key }), "utf8").toString("base64url");
}

/**
 * The cursor's key for `sort`, or a VALIDATION error when it was tampered with or made for
 * another sort. `isValidKey` checks the key's values (see isSortKey in the repository).
 */
export function decodeCursor(
  cursor: string | undefined,
  sort: string,
  isValidKey: (key: readonly string[]) => boolean = () => true,
): string[] | null {
  if (!cursor) return null;
  try {
    const parsed = ZCursor.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success && parsed.data.s === sort && isValidKey(parsed.data.k)) return parsed.data.k;
  } catch {
    // fall through
  }
  throw validationError("cursor", "cursorInvalid");
}
