"use client";

import type { TActionResult } from "@/server/actions/action-result";

export type TUploadProgress = { loaded: number; total: number };

/**
 * Sends a multipart form (text fields + files) to one of our upload routes with
 * XMLHttpRequest, which (unlike fetch) reports upload progress, and resolves with the
 * route's JSON answer: the same { ok, data } | { ok: false, code, message, fieldErrors }
 * shape as the server actions. Network failures resolve to a translated-by-caller code.
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
): Promise<TActionResult<T> | { ok: false; code: "NETWORK"; message: "" }> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      const body = request.response as TActionResult<T> | null;
      resolve(body && typeof body === "object" && "ok" in body ? body : { ok: false, code: "NETWORK", message: "" });
    };
    request.onerror = () => resolve({ ok: false, code: "NETWORK", message: "" });
    request.onabort = () => resolve({ ok: false, code: "NETWORK", message: "" });
    signal?.addEventListener("abort", () => request.abort());
    request.send(form);
  });
}
