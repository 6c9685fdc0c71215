"use client";

/**
 * The pages a keyset list loaded after its first, and where the window was scrolled, kept in
 * sessionStorage (per tab) for the list's key. Going from the list to a ticket unmounts the list
 * and back renders it again with its first page only (the router cache keeps the server's
 * page, not the client's state): the rows below are gone and the browser's scroll position,
 * clamped to the shorter page, points elsewhere. On a back/forward navigation the list puts the
 * stored pages back, if its first page still ends at the same cursor (new rows would leave a
 * gap otherwise), then scrolls to where it was. A link followed to the list starts afresh.
 */
export type TStoredPages<T> = { firstCursor: string | null; more: T[]; cursor: string | null; scrollY: number };

const PREFIX = "load-more:";
/** A back/forward navigation renders the list within this long after `popstate`. */
const POP_WINDOW_MS = 3000;
let lastPopAt = Number.NEGATIVE_INFINITY;

if (typeof window !== "undefined") {
  window.addEventListener("popstate", () => {
    lastPopAt = Date.now();
  });
}

// Dates survive the round trip: JSON.stringify turns them into strings before a replacer sees
// the value, so the replacer looks at the holder's own property.
function replacer(this: Record<string, unknown>, key: string, value: unknown) {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function reviver(_key: string, value: unknown) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "$date" && typeof record.$date === "string") return new Date(record.$date);
  }
  return value;
}

function read<T>(key: string): TStoredPages<T> | null {
  try {
    const text = window.sessionStorage.getItem(PREFIX + key);
    return text ? (JSON.parse(text, reviver) as TStoredPages<T>) : null;
  } catch {
    return null;
  }
}

function write<T>(key: string, value: TStoredPages<T>) {
  try {
    window.sessionStorage.setItem(PREFIX + key, JSON.stringify(value, replacer));
  } catch {
    // Storage full or refused: the list works without it.
  }
}

/** The stored pages, on a back/forward navigation only, when the first page still ends at `firstCursor`. */
export function readRestoredPages<T>(key: string, firstCursor: string | null): TStoredPages<T> | null {
  if (typeof window === "undefined" || Date.now() - lastPopAt > POP_WINDOW_MS) return null;
  const stored = read<T>(key);
  return stored && stored.firstCursor === firstCursor && stored.more.length > 0 ? stored : null;
}

export function writeStoredPages<T>(key: string, pages: Omit<TStoredPages<T>, "scrollY">) {
  write(key, { ...pages, scrollY: read(key)?.scrollY ?? 0 });
}

/** Where the window is now (called as a link is followed). */
export function rememberScroll(key: string) {
  const stored = read(key);
  if (stored) write(key, { ...stored, scrollY: window.scrollY });
}
