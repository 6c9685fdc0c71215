// Shared by the browser (pre-checks in the picker) and the server (the checks that count).
// No server-only import here.

/** 32 MiB: the plan's limit, and the database's check on ticket_attachments.file_size. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Files per message or new ticket; the server's limit is ATTACHMENT_MAX_FILES (same default). */
export const DEFAULT_MAX_FILES = 10;
/** All files of one upload together; the server's limit is UPLOAD_MAX_BODY_BYTES (32 MiB of files + 1 MiB). */
export const DEFAULT_MAX_TOTAL_BYTES = 32 * 1024 * 1024;

/** The accepted types: what the server stores in file_type (detected from the content, not the name). */
export const ACCEPTED_FILE_TYPES = [
  { mime: "application/pdf", extensions: [".pdf"], label: "PDF" },
  { mime: "application/msword", extensions: [".doc"], label: "DOC" },
  {
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: [".docx"],
    label: "DOCX",
  },
  { mime: "image/jpeg", extensions: [".jpg", ".jpeg"], label: "JPG" },
  { mime: "image/png", extensions: [".png"], label: "PNG" },
  { mime: "image/gif", extensions: [".gif"], label: "GIF" },
  { mime: "image/webp", extensions: [".webp"], label: "WEBP" },
] as const;

export type TAcceptedMime = (typeof ACCEPTED_FILE_TYPES)[number]["mime"];

/** For <input type="file" accept>: extensions and MIME types. */
export const ACCEPT_ATTRIBUTE = ACCEPTED_FILE_TYPES.flatMap((t) => [...t.extensions, t.mime]).join(",");

/** "PDF, DOC, DOCX, JPG, PNG, GIF, WEBP" */
export const ACCEPTED_LABELS = ACCEPTED_FILE_TYPES.map((t) => t.label).join(", ");

const ACCEPTED_EXTENSIONS: readonly string[] = ACCEPTED_FILE_TYPES.flatMap((t) => t.extensions);

/** Whether the name ends with an accepted extension (a browser pre-check only: the server reads the bytes). */
export function hasAcceptedExtension(fileName: string): boolean {
  const dot = fileName.lastIndexOf(".");
  return dot >= 0 && ACCEPTED_EXTENSIONS.includes(fileName.slice(dot).toLowerCase());
}

/** Images may be shown inline; every other type is always downloaded. */
export function isInlineImage(mime: string): boolean {
  return mime === "image/jpeg" || mime === "image/png" || mime === "image/gif" || mime === "image/webp";
}
