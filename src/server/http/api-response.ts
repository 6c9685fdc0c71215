import "server-only";
import type { TLocale } from "@/i18n/routing";
import type { TApiResult } from "@/lib/errors";
import { env } from "../env";
import { AppError, type TErrorCode, toAppError } from "../errors";
import { type TAttachmentErrorDetails, translateError } from "../errors-i18n";
import { getLogger, logUnexpectedError, noteRequestError } from "../log";

const STATUS_OF: Record<TErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DEACTIVATED: 403,
  EMAIL_NOT_VERIFIED: 403,
  INVALID_TRANSITION: 409,
  TICKET_CLOSED: 403,
  RATING_CLOSED: 409,
  REPLY_CONFLICT: 409,
  CONFLICT: 409,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_REFUSED: 415,
  TOO_MANY_FILES: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type { TAttachmentErrorDetails, TAttachmentErrorKey } from "../errors-i18n";

const NO_STORE = { "Cache-Control": "private, no-store" } as const;

export function jsonResponse<T>(data: T, status = 200): Response {
  const body: TApiResult<T> = { ok: true, data };
  return Response.json(body, { status, headers: NO_STORE });
}

let lastUnavailableLog = 0;

/**
 * One calm line, at most every 10 s: during an outage every request fails the same way (880 in
 * 20 s in the fault test), and the log should say so once, not bury everything else.
 */
function logUnavailable(scope: string): void {
  const now = Date.now();
  if (now - lastUnavailableLog < 10_000) return;
  lastUnavailableLog = now;
  getLogger().warn({ scope }, "database unreachable: answering 503 UNAVAILABLE");
}

/** The HTTP status of an AppError: its code's, unless it names its own (details.httpStatus, e.g. 422). */
export function statusOf(appError: AppError): number {
  const own = appError.details?.httpStatus;
  return typeof own === "number" ? own : STATUS_OF[appError.code];
}

/**
 * Headers of a failure answer: never cached; a 503 or a 429 says when to come back (Retry-After,
 * seconds: the setting for a 503, the limit's own wait for a 429).
 */
export function errorHeaders(appError: AppError): Record<string, string> {
  if (appError.code === "UNAVAILABLE") {
    return { ...NO_STORE, "Retry-After": String(env().UNAVAILABLE_RETRY_AFTER_SECONDS) };
  }
  const retryAfter = appError.details?.retryAfterSeconds;
  return typeof retryAfter === "number" ? { ...NO_STORE, "Retry-After": String(retryAfter) } : { ...NO_STORE };
}

/**
 * The failure answer of a route handler: { ok: false, code, message, fieldErrors? } with the
 * message in the request's locale and the HTTP status of the code (503 + Retry-After while the
 * database is unreachable, 429 + Retry-After past a write limit). Nothing else (stack, SQL,
 * path) leaves the server; unexpected errors are logged, an unreachable database in one calm line.
 */
export function errorResponse(error: unknown, locale: TLocale): Response {
  const appError = toAppError(error);
  noteRequestError(appError.code);
  if (appError.code === "INTERNAL") logUnexpectedError("api", error);
  if (appError.code === "UNAVAILABLE" && !(error instanceof AppError)) logUnavailable("api");
  const body: TApiResult<never> = { ok: false, ...translateError(appError, locale) };
  return Response.json(body, { status: statusOf(appError), headers: errorHeaders(appError) });
}

/**
 * The answer recorded for an Idempotency-Key, sent again for a retry of the same request: same
 * status and body, marked Idempotent-Replayed so a client can tell.
 */
export function replayedResponse(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, "Idempotent-Replayed": "true" } });
}

export function attachmentError(code: TErrorCode, details: TAttachmentErrorDetails): AppError {
  return new AppError(code, details.key, { attachmentError: details });
}
