"use client";

import type { TApiResult } from "@/lib/errors";

export type TUploadProgress = { loaded: number; total: number };

/** What sendMultipart resolves with when no JSON answer came back. */
export type TUploadFailure = { ok: false; code: "NETWORK" | "UNAVAILABLE"; message: "" };

/** A form submission's Idempotency-Key and what it was made for. */
export type TSubmissionKey = { fingerprint: string; key: string };

/** 128 random bits in hex: crypto.randomUUID() exists only on https or localhost. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The Idempotency-Key of a form submission: kept while the person retries the same content
 * (a retry after a cut-off answer then gets the first answer, not a second ticket), a new one
 * as soon as a field or a file changed. Forms keep the result in a ref and clear it on success.
 */
export function submissionKeyFor(
  previous: TSubmissionKey | null,
  fields: Record<string, string>,
  files: readonly File[],
): TSubmissionKey {
  const fingerprint = JSON.stringify([fields, files.map((file) => [file.name, file.size, file.lastModified])]);
  return previous?.fingerprint === fingerprint ? previous : { fingerprint, key: newIdempotencyKey() };
}

/**
 * Sends a multipart form (text fields + files) to one of our upload routes with
 * XMLHttpRequest, which (unlike fetch) reports upload progress, and resolves with the
 * route's JSON answer: the same { ok, data } | { ok: false, code, message, fieldErrors }
 * shape as the server actions. Network failures resolve to a translated-by-caller code:
 * NETWORK, or UNAVAILABLE for a 502/503/504 without our JSON (a proxy's page) — "try again".
 * With `idempotencyKey` (submissionKeyFor), the request carries it as Idempotency-Key.
 *
 * Routes (src/app/api):
 *   POST /api/tickets                       subject, description, category, appointmentId?, orderId?, files*
 *   POST /api/tickets/{ticketId}/messages   message, isInternal ("true" | "false"), files*
 */
export function sendMultipart<T>(
  url: string,
  form: FormData,
  onProgress?: (progress: TUploadProgress) => void,
  signal?: AbortSignal,
  idempotencyKey?: string,
): Promise<TApiResult<T> | TUploadFailure> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    if (idempotencyKey) request.setRequestHeader("Idempotency-Key", idempotencyKey);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      const body = request.response as TApiResult<T> | null;
      if (body && typeof body === "object" && "ok" in body) resolve(body);
      else
        resolve({ ok: false, code: [502, 503, 504].includes(request.status) ? "UNAVAILABLE" : "NETWORK", message: "" });
    };
    request.onerror = () => resolve({ ok: false, code: "NETWORK", message: "" });
    request.onabort = () => resolve({ ok: false, code: "NETWORK", message: "" });
    signal?.addEventListener("abort", () => request.abort());
    request.send(form);
  });
}
