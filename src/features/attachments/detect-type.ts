import "server-only";
import { fileTypeFromBuffer } from "file-type";
import type { TAcceptedMime } from "./limits";

/** Bytes read before deciding a file's type: enough for file-type to open a DOCX's [Content_Types].xml. */
export const SNIFF_BYTES = 64 * 1024;

/** file-type's answer → the type we store. Anything else (HTML, SVG, EXE, ZIP, text…) is refused. */
const ACCEPTED_BY_DETECTED_EXT: Record<string, TAcceptedMime> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  png: "image/png",
  apng: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  // An OLE compound file: a Word 97–2003 document only if it holds a "WordDocument" stream,
  // which WordDocumentScanner checks while the file streams (an .msi or .xls is refused).
  cfb: "application/msword",
};

export type TDetectedType = { mime: TAcceptedMime; needsWordDocumentStream: boolean } | null;

/** The accepted type of a file from its first bytes (magic numbers), or null when refused. */
export async function detectAcceptedType(head: Uint8Array): Promise<TDetectedType> {
  if (head.length === 0) return null;
  const detected = await fileTypeFromBuffer(head);
  const mime = detected ? ACCEPTED_BY_DETECTED_EXT[detected.ext] : undefined;
  return mime ? { mime, needsWordDocumentStream: detected?.ext === "cfb" } : null;
}

const ENTRY_SIZE = 128;
const HEADER_SIZE = 512;
/** "WordDocument" in UTF-16LE, then its terminating NUL, as a CFB directory entry stores it. */
const WORD_DOCUMENT_NAME = Buffer.from("WordDocument\0", "utf16le");
const NAME_LENGTH_OFFSET = 0x40;
const OBJECT_TYPE_OFFSET = 0x42;
const STREAM_OBJECT = 2;

/**
 * Watches a compound file as it streams by for a directory entry naming a "WordDocument"
 * stream. Directory entries are 128 bytes, in sectors that start at 512-byte (v3) or
 * 4096-byte (v4) boundaries after the header, so every entry starts at a multiple of 128:
 * the scanner looks at each 128-byte record once, holding at most one record in memory.
 */
export class WordDocumentScanner {
  found = false;
  private offset = 0;
  private readonly record = Buffer.alloc(ENTRY_SIZE);
  private filled = 0;

  push(chunk: Uint8Array): void {
    if (this.found) return;
    let position = 0;
    if (this.offset < HEADER_SIZE) {
      position = Math.min(chunk.length, HEADER_SIZE - this.offset);
      this.offset += position;
    }
    while (position < chunk.length && !this.found) {
      const take = Math.min(ENTRY_SIZE - this.filled, chunk.length - position);
      if (this.filled === 0 && take === ENTRY_SIZE) {
        this.check(chunk.subarray(position, position + ENTRY_SIZE));
      } else {
        this.record.set(chunk.subarray(position, position + take), this.filled);
        this.filled += take;
        if (this.filled === ENTRY_SIZE) {
          this.check(this.record);
          this.filled = 0;
        }
      }
      position += take;
      this.offset += take;
    }
  }

  private check(entry: Uint8Array): void {
    if (entry[0] !== 0x57) return; // "W"
    const name = Buffer.from(entry.buffer, entry.byteOffset, WORD_DOCUMENT_NAME.length);
    if (
      name.equals(WORD_DOCUMENT_NAME) &&
      (entry[NAME_LENGTH_OFFSET] ?? 0) + ((entry[NAME_LENGTH_OFFSET + 1] ?? 0) << 8) === WORD_DOCUMENT_NAME.length &&
      entry[OBJECT_TYPE_OFFSET] === STREAM_OBJECT
    ) {
      this.found = true;
    }
  }
}
