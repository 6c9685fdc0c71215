import "server-only";

/** Stable error codes: the UI translates them (messages `errors.<CODE>`), webhooks and logs name them. */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION",
  "INVALID_CREDENTIALS",
  "INVALID_TRANSITION",
  "TICKET_CLOSED",
  "CONFLICT",
  "FILE_TOO_LARGE",
  "FILE_TYPE_REFUSED",
  "TOO_MANY_FILES",
  "INTERNAL",
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: TErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

type TPgError = { code?: string; cause?: unknown };

function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as TPgError).code;
    if (typeof code === "string" && code.length === 5) return code;
    current = (current as TPgError).cause;
  }
  return undefined;
}

/**
 * Maps a database error raised by a policy, trigger or constraint to an AppError.
 * SQLSTATEs TK001–TK003 come from the support_tickets guard trigger (migration 0001).
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  switch (pgErrorCode(error)) {
    case "TK001":
      return new AppError("INVALID_TRANSITION");
    case "TK002":
    case "TK003":
    case "42501": // insufficient_privilege, including "new row violates row-level security policy"
      return new AppError("FORBIDDEN");
    case "23514": // check_violation
    case "23503": // foreign_key_violation
    case "22P02": // invalid_text_representation (e.g. a malformed uuid)
      return new AppError("VALIDATION");
    case "40001": // serialization_failure
    case "55P03": // lock_not_available
      return new AppError("CONFLICT");
    default:
      return new AppError("INTERNAL");
  }
}
