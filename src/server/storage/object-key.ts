import "server-only";

/** Folder of ticket attachments inside the bucket (plan 7.1). */
export const TICKET_ATTACHMENTS_PREFIX = "ticket-attachments/";

const FALLBACK_NAME = "fichier";
/** Characters kept in the stored name (file_name): React escapes it, so only readability matters. */
const DISPLAY_NAME_MAX_CHARS = 200;
/** The key's name part stays well under the 255-byte limit of file systems (with the timestamp). */
const KEY_NAME_MAX_BYTES = 180;

// Control characters, and the invisible marks that can disguise a name ("txt.exe" shown as
// "exe.txt" with U+202E). Zero-width joiners stay: emoji sequences need them.
const INVISIBLE = /[\p{Cc}\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Characters that mean something to a file system, a shell, a URL or an S3 key.
const UNSAFE_IN_KEY = /[<>:"/\\|?*#%{}^~[\]`]/g;
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/** Keeps the extension and as many whole characters (graphemes: emoji stay whole) as `fits` allows. */
function truncateName(name: string, fits: (candidate: string) => boolean): string {
  if (fits(name)) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? "";
  const base = name.slice(0, name.length - extension.length);
  let kept = "";
  for (const { segment } of graphemes.segment(base)) {
    if (!fits(`${kept}${segment}${extension}`)) break;
    kept += segment;
  }
  return `${kept.trimEnd()}${extension}`;
}

/**
 * The name shown to users and stored in file_name: the last path segment only (a client may
 * send "../../x.pdf" or "C:\\dossier\\x.pdf"), NFC, without control or direction marks,
 * whitespace collapsed, no leading dots, at most 200 characters with its extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const lastSegment =
    raw
      .normalize("NFC")
      .split(/[/\\]/)
      .filter((part) => part.trim() !== "")
      .at(-1) ?? "";
  const cleaned = lastSegment
    .replace(LONE_SURROGATE, "")
    .replace(INVISIBLE, "")
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/^[.\s]+/u, "")
    .replace(/[.\s]+$/u, "");
  const name = cleaned === "" ? FALLBACK_NAME : cleaned;
  return truncateName(name, (candidate) => [...graphemes.segment(candidate)].length <= DISPLAY_NAME_MAX_CHARS);
}

/** The name part of an object key: sanitizeFileName() without the characters keys and disks dislike, ≤ 180 bytes. */
export function keySafeName(fileName: string): string {
  const safe = sanitizeFileName(fileName).replace(UNSAFE_IN_KEY, "_");
  return truncateName(safe, (candidate) => Buffer.byteLength(candidate, "utf8") <= KEY_NAME_MAX_BYTES);
}

let lastTimestamp = 0;

/** Milliseconds, strictly increasing within the process: two files of one request never share a key. */
function nextTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

/** `ticket-attachments/{ticketId}/{timestamp}_{filename}`, exactly as plan 7.1 names it. */
export function ticketAttachmentKey(ticketId: string, fileName: string): string {
  return `${TICKET_ATTACHMENTS_PREFIX}${ticketId}/${nextTimestamp()}_${keySafeName(fileName)}`;
}

/** The ticket folder of an attachment key, for deleting a ticket's objects. */
export function ticketAttachmentsFolder(ticketId: string): string {
  return `${TICKET_ATTACHMENTS_PREFIX}${ticketId}/`;
}
