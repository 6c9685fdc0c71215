import "server-only";
import type { TLocale } from "@/i18n/routing";
import type { TActionError } from "@/lib/errors";
import { toAppError } from "./errors";
import { translatorFor } from "./http/locale";

/** Messages of `attachments.errors` an AppError may name (details.attachmentError). */
export type TAttachmentErrorKey =
  | "fileTooLarge"
  | "requestTooLarge"
  | "fileTypeRefused"
  | "emptyFile"
  | "tooManyFiles"
  | "notMultipart"
  | "linkExpired"
  | "linkInvalid"
  | "fileNameInvalid"
  | "executableRefused";

/** Messages of `idempotency` an AppError may name (details.idempotencyError). */
export type TIdempotencyErrorKey = "keyReused" | "keyInvalid";

export type TAttachmentErrorDetails = { key: TAttachmentErrorKey; name?: string; maxBytes?: number; max?: number };

/** Which message of `security.rateLimit` a RATE_LIMITED error shows (details.rateLimit). */
export type TRateLimitDetails = {
  message: "tickets" | "replies" | "uploads" | "passwordResets" | "signUps";
  retryAfterSeconds: number;
};

/** "dans 3 minutes" / "in 5 hours": minutes up to an hour and a half, hours beyond. */
function formatWait(seconds: number, locale: TLocale): string {
  const t = translatorFor(locale, "security");
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes <= 90
    ? t("rateLimit.waitMinutes", { minutes })
    : t("rateLimit.waitHours", { hours: Math.ceil(minutes / 60) });
}

/** Megabytes as people write them in `locale` ("32 Mo", "32 MB"). */
function formatMegabytes(bytes: number, locale: TLocale): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(
    bytes / (1024 * 1024),
  );
}

/**
 * Field messages from `validation.<key>` keys. A zod message that is not one of our keys
 * (a library default, in English) never reaches the user: the field gets errors.VALIDATION.
 */
export function translateFieldErrors(fieldKeys: Record<string, string>, locale: TLocale): Record<string, string> {
  const tErrors = translatorFor(locale, "errors");
  const tValidation = translatorFor(locale, "validation");
  return Object.fromEntries(
    Object.entries(fieldKeys).map(([field, key]) => [
      field,
      tValidation.has(key as never) ? tValidation(key as never) : tErrors("VALIDATION"),
    ]),
  );
}

/**
 * The one translation of an error for the browser, shared by server actions (handleServerError,
 * the validation shape) and route handlers (errorResponse): the code, its `errors.<CODE>`
 * message, and field messages. Anything that is not an AppError becomes INTERNAL, so no stack,
 * SQL or path is ever part of it.
 */
export function translateError(error: unknown, locale: TLocale): TActionError {
  const appError = toAppError(error);
  let message = translatorFor(locale, "errors")(appError.code);
  let fieldErrors: Record<string, string> | undefined;
  const attachmentError = appError.details?.attachmentError as TAttachmentErrorDetails | undefined;
  if (attachmentError) {
    message = translatorFor(locale, "attachments")(`errors.${attachmentError.key}`, {
      name: attachmentError.name ?? "",
      max: attachmentError.maxBytes !== undefined ? formatMegabytes(attachmentError.maxBytes, locale) : "",
      count: attachmentError.max ?? 0,
    });
    fieldErrors = { files: message };
  }
  const rateLimit = appError.details?.rateLimit as TRateLimitDetails | undefined;
  if (rateLimit) {
    message = translatorFor(locale, "security")(`rateLimit.${rateLimit.message}`, {
      wait: formatWait(rateLimit.retryAfterSeconds, locale),
    });
  }
  const replyConflict = appError.details?.replyConflict as { name: string } | undefined;
  if (replyConflict) {
    const tLive = translatorFor(locale, "live");
    message = `${tLive("ticket.conflictTitle", { name: replyConflict.name })} ${tLive("ticket.conflictBody")}`;
  }
  const idempotencyError = appError.details?.idempotencyError as TIdempotencyErrorKey | undefined;
  if (idempotencyError) message = translatorFor(locale, "idempotency")(idempotencyError);
  const fieldKeys = appError.details?.fieldErrors as Record<string, string> | undefined;
  if (fieldKeys) fieldErrors = translateFieldErrors(fieldKeys, locale);
  return { code: appError.code, message, ...(fieldErrors ? { fieldErrors } : {}) };
}
