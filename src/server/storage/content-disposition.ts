import "server-only";
import type { TDisposition } from "./types";

/** Characters RFC 8187 allows unencoded in ext-value (attr-char); everything else is %-encoded. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An ASCII stand-in for old clients: accents dropped, other characters, quotes and % replaced. */
function asciiFallback(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x20-\x7e]|["\\%]/gu, "_");
}

/**
 * RFC 6266 Content-Disposition with both `filename` (ASCII fallback, quoted) and
 * `filename*` (UTF-8, RFC 8187), which every current browser prefers.
 */
export function contentDisposition(type: TDisposition, fileName: string): string {
  return `${type}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
