/**
 * multipart/form-data bodies for the HTTP bench, as a browser's form sends them: text fields,
 * then at most one file made of a real header (magic bytes), filler and a trailer. The exact
 * length is known up front (for Content-Length), and the body is produced chunk by chunk, so
 * a 32 MiB file is never held in memory: the same 256 KiB filler buffer is sent again and again.
 */
import { randomBytes } from "node:crypto";

export type TBenchFile = {
  field: string;
  fileName: string;
  contentType: string;
  /** Total bytes of the file: `head`, then filler, then `tail`. */
  size: number;
  head: Buffer;
  tail: Buffer;
};

export type TMultipartBody = {
  contentType: string;
  length: number;
  chunks: () => Generator<Buffer>;
  /** The whole body in one buffer (small bodies only: autocannon sends a fixed buffer). */
  toBuffer: () => Buffer;
};

const FILLER = Buffer.alloc(256 * 1024, "% contenu de remplissage du document de test\n");

/**
 * A PDF of `size` bytes: "%PDF-1.7" and a binary marker comment (what content sniffing looks at),
 * comment lines as filler, and "%%EOF". `size` must leave room for both ends.
 */
export function pdfFile(fileName: string, size: number): TBenchFile {
  const head = Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "latin1");
  const tail = Buffer.from("\n%%EOF\n", "latin1");
  if (size < head.length + tail.length) throw new Error(`a PDF needs at least ${head.length + tail.length} bytes`);
  return { field: "files", fileName, contentType: "application/pdf", size, head, tail };
}

function* fileContent(file: TBenchFile): Generator<Buffer> {
  yield file.head;
  let left = file.size - file.head.length - file.tail.length;
  while (left > 0) {
    const chunk = left >= FILLER.length ? FILLER : FILLER.subarray(0, left);
    left -= chunk.length;
    yield chunk;
  }
  yield file.tail;
}

export function multipartBody(fields: Record<string, string>, file?: TBenchFile): TMultipartBody {
  const boundary = `----bench${randomBytes(12).toString("hex")}`;
  const fieldParts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, "utf8"),
  );
  const fileHeader = file
    ? Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.fileName}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
        "utf8",
      )
    : undefined;
  const fileEnd = Buffer.from("\r\n");
  const closing = Buffer.from(`--${boundary}--\r\n`);

  const length =
    fieldParts.reduce((sum, part) => sum + part.length, 0) +
    (file && fileHeader ? fileHeader.length + file.size + fileEnd.length : 0) +
    closing.length;

  function* chunks(): Generator<Buffer> {
    yield* fieldParts;
    if (file && fileHeader) {
      yield fileHeader;
      yield* fileContent(file);
      yield fileEnd;
    }
    yield closing;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    chunks,
    toBuffer: () => Buffer.concat([...chunks()], length),
  };
}

/** Bytes a body has around its file: the fields, the part headers and the closing boundary. */
export function envelopeBytes(fields: Record<string, string>, file: TBenchFile): number {
  return (
    multipartBody(fields, { ...file, size: file.head.length + file.tail.length }).length -
    file.head.length -
    file.tail.length
  );
}
