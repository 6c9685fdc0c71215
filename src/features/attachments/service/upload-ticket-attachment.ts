import "server-only";
import { pipeline, type Readable, Transform } from "node:stream";
import { attachmentError } from "@/server/http/api-response";
import { getStorage } from "@/server/storage";
import { sanitizeFileName, ticketAttachmentKey } from "@/server/storage/object-key";
import { detectAcceptedType, SNIFF_BYTES, WordDocumentScanner } from "../detect-type";
import { MAX_FILE_BYTES } from "../limits";
import type { TIncomingFile, TStoredAttachmentFile } from "../types";

/** Reads the first `size` bytes (or the whole stream when shorter); `rest` yields the remaining chunks. */
async function splitHead(stream: Readable, size: number) {
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Stops the source too when the consumer gives up early (an error downstream).
      await iterator.return?.();
    }
  }
  return { head, rest };
}

/**
 * Plan 7.1 uploadTicketAttachment: stores one file under
 * ticket-attachments/{ticketId}/{timestamp}_{name}, streaming (at most ~64 KiB held here),
 * after checking its type by its first bytes. Refuses, with nothing stored, a file whose
 * content is not PDF/DOC/DOCX/JPG/PNG/GIF/WEBP, an empty file, and one over 32 MiB (as soon
 * as it passes the limit).
 *
 * It does not write the database row: the caller's service (createSupportTicket,
 * addTicketMessage) writes it in its own transaction, under RLS, after it has authorized
 * the user; if that fails, the caller removes the object (receiveTicketUpload).
 */
export async function uploadTicketAttachment(ticketId: string, file: TIncomingFile): Promise<TStoredAttachmentFile> {
  const { head, rest } = await splitHead(file.stream, SNIFF_BYTES);
  const fileName = sanitizeFileName(file.fileName);
  if (head.length === 0) {
    file.stream.destroy();
    throw attachmentError("FILE_TYPE_REFUSED", { key: "emptyFile", name: fileName });
  }
  const detected = await detectAcceptedType(head);
  if (!detected) {
    file.stream.destroy();
    throw attachmentError("FILE_TYPE_REFUSED", { key: "fileTypeRefused", name: fileName });
  }

  const tooLarge = attachmentError("FILE_TOO_LARGE", { key: "fileTooLarge", name: fileName, maxBytes: MAX_FILE_BYTES });
  const scanner = detected.needsWordDocumentStream ? new WordDocumentScanner() : null;
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) return callback(tooLarge);
      scanner?.push(chunk);
      callback(null, chunk);
    },
  });
  // Errors of the source (the parser's size limit, a client gone) reach `meter`, and put() rejects.
  const body = pipeline(rest(), meter, () => {});

  const key = ticketAttachmentKey(ticketId, fileName);
  try {
    await getStorage().put(key, body, {
      contentType: detected.mime,
      // A .doc is known to be one only at its end (its directory may be anywhere in the file).
      verify: () => {
        if (scanner && !scanner.found) {
          throw attachmentError("FILE_TYPE_REFUSED", { key: "fileTypeRefused", name: fileName });
        }
      },
    });
  } catch (error) {
    if (size > MAX_FILE_BYTES) throw tooLarge;
    throw error;
  }
  return { fileName, filePath: key, fileType: detected.mime, fileSize: size };
}
