import "server-only";
import { pipeline, Readable, Transform } from "node:stream";
import type { ReadableStream as TWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { hasNoNulByte } from "@/lib/nul-bytes";
import { AppError } from "../errors";
import { sanitizeFileName } from "../storage/object-key";
import { attachmentError } from "./api-response";
import { isBodyAborted } from "./client-abort";
import { isExecutableFileName, multipartParseError } from "./file-name";

export type TMultipartFilePart = { fieldName: string; fileName: string; stream: Readable };

export type TMultipartOptions<F> = {
  /** The whole body, files and fields; checked on Content-Length first, then while it streams. */
  maxBodyBytes: number;
  /** Per file. The file's own consumer enforces it exactly; the parser stops one byte later. */
  maxFileBytes: number;
  maxFiles: number;
  /**
   * Consumes one file's stream (e.g. streams it to storage). Files arrive one after another;
   * the body is read only as fast as this consumes it (backpressure), so nothing is buffered.
   */
  onFile: (file: TMultipartFilePart) => Promise<F>;
};

export type TMultipartResult<F> = { fields: Record<string, string>; files: F[] };

const MAX_FIELDS = 30;
/**
 * What a body limit keeps for the text fields and the multipart framing (UPLOAD_MAX_BODY_BYTES'
 * default is 32 MiB of files + this): the "too large" message names the files' share, so every
 * message about size says the same 32 Mo (issue 17).
 */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;

/**
 * Browsers write a file name's `"`, CR and LF as %22, %0D and %0A (WHATWG multipart/form-data
 * encoding); busboy hands the name over as written, so they are turned back here.
 */
function decodeFormDataName(name: string): string {
  return name.replace(/%(22|0d|0a)/gi, (code) => String.fromCharCode(Number.parseInt(code.slice(1), 16)));
}

/**
 * Parses a multipart/form-data request body (an HTML form elsewhere can send urlencoded without a preflight: refused) with busboy, streaming each file
 * to `onFile`. Rejects with an AppError as soon as a limit is passed (FILE_TOO_LARGE,
 * TOO_MANY_FILES, VALIDATION) or a file's consumer fails, and stops reading the body.
 * Before it rejects it waits for every onFile call to settle, so the caller can remove what
 * was stored by the ones that succeeded. Empty file inputs (no name, no bytes) are skipped.
 */
export function parseMultipart<F>(request: Request, options: TMultipartOptions<F>): Promise<TMultipartResult<F>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Promise.reject(attachmentError("VALIDATION", { key: "notMultipart" }));
  }
  const declaredLength = Number(request.headers.get("content-length") ?? Number.NaN);
  const requestTooLarge = attachmentError("FILE_TOO_LARGE", {
    key: "requestTooLarge",
    maxBytes: Math.max(options.maxBodyBytes - FORM_OVERHEAD_BYTES, FORM_OVERHEAD_BYTES),
  });
  if (Number.isFinite(declaredLength) && declaredLength > options.maxBodyBytes) {
    return Promise.reject(requestTooLarge);
  }

  return new Promise((resolve, reject) => {
    // No prototype: a field named "__proto__" or "constructor" is just a field.
    const fields: Record<string, string> = Object.create(null);
    const files: F[] = [];
    const pending: Promise<unknown>[] = [];
    const openStreams = new Set<Readable>();
    let failure: unknown;
    let parsed = false;

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        defParamCharset: "utf8", // browsers send file names as raw UTF-8
        limits: {
          fileSize: options.maxFileBytes + 1,
          files: options.maxFiles,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          parts: options.maxFiles + MAX_FIELDS,
        },
      });
    } catch {
      reject(new AppError("VALIDATION"));
      return;
    }

    const source = request.body
      ? Readable.fromWeb(request.body as unknown as TWebReadableStream<Uint8Array>)
      : Readable.from([]);
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > options.maxBodyBytes ? requestTooLarge : null, chunk);
      },
    });

    const finish = async () => {
      await Promise.allSettled(pending);
      if (failure !== undefined) reject(failure);
      else resolve({ fields, files });
    };

    const fail = (error: unknown) => {
      if (failure !== undefined) return;
      failure = error;
      for (const stream of openStreams) stream.destroy(error instanceof Error ? error : new Error(String(error)));
      source.destroy();
      void finish();
    };

    parser.on("file", (fieldName, stream, info) => {
      if (failure !== undefined) {
        stream.resume();
        return;
      }
      const fileName = decodeFormDataName(info.filename ?? "");
      // busboy stops the part one byte past the limit; the file's consumer sees that byte and
      // fails first. Should it not, the part's end fails the request.
      stream.once("limit", () =>
        stream.once("end", () =>
          fail(
            attachmentError("FILE_TOO_LARGE", {
              key: "fileTooLarge",
              name: sanitizeFileName(fileName),
              maxBytes: options.maxFileBytes,
            }),
          ),
        ),
      );
      openStreams.add(stream);
      stream.once("close", () => openStreams.delete(stream));
      if (fileName === "") {
        // An empty <input type="file">: browsers send a part with no name and no bytes.
        stream.resume();
        return;
      }
      if (isExecutableFileName(fileName)) {
        // No consumer will read it: drain it, and let the end of the body it is cut from go unheard.
        openStreams.delete(stream);
        stream.on("error", () => {});
        stream.resume();
        fail(attachmentError("FILE_TYPE_REFUSED", { key: "executableRefused", name: sanitizeFileName(fileName) }));
        return;
      }
      const work = options.onFile({ fieldName, fileName, stream }).then(
        (file) => {
          files.push(file);
        },
        (error: unknown) => fail(error),
      );
      pending.push(work);
    });
    parser.on("field", (name, value, info) => {
      if (!hasNoNulByte(name)) {
        fail(new AppError("VALIDATION"));
        return;
      }
      if (!hasNoNulByte(value)) {
        // Refused here, at the edge, whatever the service's schema says: PostgreSQL would answer 22021.
        fail(new AppError("VALIDATION", undefined, { fieldErrors: { [name]: "nulByte" } }));
        return;
      }
      if (info.valueTruncated || info.nameTruncated) {
        fail(new AppError("VALIDATION", undefined, { fieldErrors: { [name]: `${name}TooLong` } }));
        return;
      }
      if (!Object.hasOwn(fields, name)) fields[name] = value;
    });
    parser.on("filesLimit", () =>
      fail(attachmentError("TOO_MANY_FILES", { key: "tooManyFiles", max: options.maxFiles })),
    );
    parser.on("fieldsLimit", () => fail(new AppError("VALIDATION")));
    parser.on("partsLimit", () =>
      fail(attachmentError("TOO_MANY_FILES", { key: "tooManyFiles", max: options.maxFiles })),
    );
    // Before "close": a malformed part must fail the request, not end it early as if complete.
    parser.on("error", (error: unknown) => fail(multipartParseError(error)));
    parser.on("close", () => {
      parsed = true;
      if (failure === undefined) void finish();
    });

    pipeline(source, meter, parser, (error) => {
      if (error && isBodyAborted(error)) {
        // The client went away: that, not what it cut short (a file, a form), is what happened.
        if (failure === undefined) fail(error);
        else failure = error;
        return;
      }
      if (error && !parsed) {
        fail(error instanceof AppError ? error : failure !== undefined ? failure : new AppError("VALIDATION"));
      }
    });
  });
}
