/** Stable error codes: the UI translates them (messages `errors.<CODE>`), webhooks and logs name them. */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION",
  "INVALID_CREDENTIALS",
  "ACCOUNT_DEACTIVATED",
  "EMAIL_NOT_VERIFIED",
  "INVALID_TRANSITION",
  "TICKET_CLOSED",
  /** A rating that cannot be given or changed (not resolved, or older than its change window). */
  "RATING_CLOSED",
  "CONFLICT",
  /** An admin's reply refused because another admin answered after what the sender had seen. */
  "REPLY_CONFLICT",
  "FILE_TOO_LARGE",
  "FILE_TYPE_REFUSED",
  "TOO_MANY_FILES",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];

/**
 * The digest of a page error thrown while the database is unreachable: Next.js keeps a thrown
 * error's own digest, so the error page (src/app/[locale]/error.tsx) can say "try again".
 */
export const UNAVAILABLE_DIGEST = "UNAVAILABLE";

/**
 * The digest of a page error thrown because the session is no longer valid (the account was
 * deactivated while a signed session cookie was still trusted): the error page signs the
 * browser out and takes it to the sign-in page.
 */
export const SESSION_ENDED_DIGEST = "SESSION_ENDED";

/**
 * What the browser receives when a server action or a route handler fails: a stable code, and
 * the message and per-field messages already translated in the request's locale.
 * A server action's result carries it as `serverError` (a guard or a service refused, e.g.
 * NOT_FOUND, or VALIDATION found in the database such as slugTaken) or `validationErrors` (the
 * input schema refused; code VALIDATION):
 *
 *   const { data, serverError, validationErrors } = await closeTicketAction({ ticketId });
 *   const error = validationErrors ?? serverError; // TActionError | undefined
 *   if (error) showNotice(error.message, error.fieldErrors);
 */
export type TActionError = { code: TErrorCode; message: string; fieldErrors?: Record<string, string> };

/** A route handler's JSON body: the data, or the error of the request. */
export type TApiResult<T> = { ok: true; data: T } | ({ ok: false } & TActionError);
