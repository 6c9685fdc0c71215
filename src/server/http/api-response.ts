import "server-only";
import type { TLocale } from "@/i18n/routing";
import type { TActionResult } from "../actions/action-result";
import { AppError, type TErrorCode, toAppError } from "../errors";
import { translatorFor } from "./locale";

const STATUS_OF: Record<TErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_TRANSITION: 409,
  TICKET_CLOSED: 403,
  CONFLICT: 409,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_REFUSED: 415,
  TOO_MANY_FILES: 400,
  INTERNAL: 500,
};

/** Messages of `attachments.errors` an AppError may name (details.attachmentError). */
export type TAttachmentErrorKey =
  | "fileTooLarge"
  | "requestTooLarge"
  | "fileTypeRefused"
  | "emptyFile"
  | "tooManyFiles"
  | "notMultipart"
  | "linkExpired"
  | "linkInvalid";

export type TAttachmentErrorDetails = { key: TAttachmentErrorKey; name?: string; maxBytes?: number; max?: number };

const NO_STORE = { "Cache-Control": "private, no-store" } as const;

export function jsonResponse<T>(data: T, status = 200): Response {
  const body: TActionResult<T> = { ok: true, data };
  return Response.json(body, { status, headers: NO_STORE });
}

/** Megabytes as people write them in `locale` ("32 Mo", "32 MB"). */
function formatMegabytes(bytes: number, locale: TLocale): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(
    bytes / (1024 * 1024),
  );
}

/**
 * The failure answer of a route handler: { ok: false, code, message, fieldErrors? } with the
 * message in the request's locale and the HTTP status of the code. Nothing else (stack, SQL,
 * path) leaves the server; unexpected errors are logged.
 */
export function errorResponse(error: unknown, locale: TLocale): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") console.error("[api] unexpected error:", error);
  const tErrors = translatorFor(locale, "errors");
  const tValidation = translatorFor(locale, "validation");
  const tAttachments = translatorFor(locale, "attachments");

  let message = tErrors(appError.code);
  let fieldErrors: Record<string, string> | undefined;
  const attachmentError = appError.details?.attachmentError as TAttachmentErrorDetails | undefined;
  if (attachmentError) {
    message = tAttachments(`errors.${attachmentError.key}`, {
      name: attachmentError.name ?? "",
      max: attachmentError.maxBytes !== undefined ? formatMegabytes(attachmentError.maxBytes, locale) : "",
      count: attachmentError.max ?? 0,
    });
    fieldErrors = { files: message };
  }
  const fieldKeys = appError.details?.fieldErrors as Record<string, string> | undefined;
  if (fieldKeys) {
    fieldErrors = Object.fromEntries(
      Object.entries(fieldKeys).map(([field, key]) => [
        field,
        tValidation.has(key as never) ? tValidation(key as never) : tErrors("VALIDATION"),
      ]),
    );
  }
  const body: TActionResult<never> = {
    ok: false,
    code: appError.code,
    message,
    ...(fieldErrors ? { fieldErrors } : {}),
  };
  return Response.json(body, { status: STATUS_OF[appError.code], headers: NO_STORE });
}

export function attachmentError(code: TErrorCode, details: TAttachmentErrorDetails): AppError {
  return new AppError(code, details.key, { attachmentError: details });
}
