import "server-only";

import { SESSION_ENDED_DIGEST, type TErrorCode, UNAVAILABLE_DIGEST } from "@/lib/errors";

// The codes are client-safe (the UI switches on them): they live in src/lib, re-exported here.
export { ERROR_CODES, type TErrorCode } from "@/lib/errors";

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;
  /**
   * Next.js keeps a thrown error's own digest and hands it to the error page (in production the
   * message is withheld): "UNAVAILABLE" lets the page say "try again" instead of "unexpected".
   */
  readonly digest?: string;

  constructor(code: TErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    if (code === "UNAVAILABLE") this.digest = UNAVAILABLE_DIGEST;
    // Pages redirect signed-out visitors before any work: one that meets this mid-render had a
    // session that ended under it (src/server/db/client.ts, account deactivated).
    if (code === "UNAUTHENTICATED") this.digest = SESSION_ENDED_DIGEST;
  }
}

type TPgError = { code?: string; cause?: unknown; message?: unknown; errors?: unknown };

export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as TPgError).code;
    if (typeof code === "string" && code.length === 5) return code;
    current = (current as TPgError).cause;
  }
  return undefined;
}

/** Socket errors of a database that is down, restarting or out of reach (not of a query it refused). */
const CONNECTION_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

/**
 * SQLSTATEs of a server that is going away or cannot take us: class 08 (connection exception),
 * admin/crash shutdown, "the database system is starting up / shutting down", too many clients.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";
}

/**
 * node-postgres and pg-pool throw plain Errors, without a code, when the connection is lost or
 * cannot be had: "Connection terminated unexpectedly", "Connection terminated due to connection
 * timeout", "timeout exceeded when trying to connect" (the pool's connectionTimeoutMillis),
 * "Client has encountered a connection error and is not queryable".
 */
const CONNECTION_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * Whether `error` (or what it wraps: drizzle's DrizzleQueryError.cause, better-auth's causes, a
 * Node AggregateError of several addresses) says the database is unreachable — or, for the
 * socket errors, another service we depend on (S3 resetting the connection is as much "try again
 * in a moment"). Ordinary query errors (a constraint, a policy, a syntax error) are not: they
 * keep their own codes.
 */
export function isConnectionFailure(error: unknown): boolean {
  const queue: unknown[] = [error];
  for (let seen = 0; queue.length > 0 && seen < 12; seen++) {
    const current = queue.shift();
    if (!current || typeof current !== "object") continue;
    const { code, message, cause, errors } = current as TPgError;
    if (typeof code === "string") {
      if (CONNECTION_ERRNOS.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return true;
    }
    if (typeof message === "string" && CONNECTION_MESSAGE.test(message)) return true;
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return false;
}

/**
 * Maps a database error raised by a policy, trigger or constraint to an AppError.
 * SQLSTATEs TK001–TK003 come from the support_tickets guard trigger (migration 0001), TK004
 * from the merge guard (migration 0028), TK005 from the active-account check every user's
 * transaction starts with (migration 0032).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionFailure(error)) return new AppError("UNAVAILABLE");
  switch (pgErrorCode(error)) {
    case "TK001":
      return new AppError("INVALID_TRANSITION");
    case "TK004":
      return new AppError("VALIDATION", undefined, { fieldErrors: { targetNumber: "mergeTargetRefused" } });
    case "TK005":
      return new AppError("UNAUTHENTICATED");
    case "TK002":
    case "TK003":
    case "42501": // insufficient_privilege, including "new row violates row-level security policy"
      return new AppError("FORBIDDEN");
    case "23514": // check_violation
    case "23503": // foreign_key_violation
    case "22P02": // invalid_text_representation (e.g. a malformed uuid)
    case "22021": // character_not_in_repertoire (a NUL byte that got past the schemas)
      return new AppError("VALIDATION");
    case "40001": // serialization_failure
    case "55P03": // lock_not_available
      return new AppError("CONFLICT");
    default:
      return new AppError("INTERNAL");
  }
}
