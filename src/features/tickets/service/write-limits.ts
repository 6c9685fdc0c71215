import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { TRateLimitDetails } from "@/server/errors-i18n";
import { logUnexpectedError } from "@/server/log";
import { appRateLimiter, type TRateRule } from "@/server/security/rate-limiter";

export type TWriteKind = "ticket" | "reply";

const MINUTE = 60;
const DAY = 24 * 60 * 60;

/**
 * Bytes an upload may spend before its body is read: its Content-Length (the parser refuses
 * a body longer than UPLOAD_MAX_BODY_BYTES anyway), or that maximum when none is declared.
 */
function declaredBytes(request: Request): number {
  const max = env().UPLOAD_MAX_BODY_BYTES;
  const length = Number(request.headers.get("content-length"));
  return Number.isSafeInteger(length) && length > 0 ? Math.min(length, max) : max;
}

/**
 * What one ticket or reply costs a user. Students: tickets per minute and per day, replies per
 * minute and per day. Admins answer many tickets in a row: no count limit, but the daily
 * upload bytes hold for every role, since that is what fills a disk.
 */
function rulesFor(user: TSessionUser, kind: TWriteKind, request: Request): TRateRule[] {
  const config = env();
  const bytes: TRateRule = {
    name: "uploadBytesPerDay",
    max: config.UPLOAD_QUOTA_BYTES_PER_DAY,
    windowSeconds: DAY,
    cost: declaredBytes(request),
  };
  if (user.role === "admin") return [bytes];
  if (kind === "ticket") {
    return [
      { name: "ticketsPerMinute", max: config.RATE_LIMIT_TICKETS_PER_MINUTE, windowSeconds: MINUTE, cost: 1 },
      { name: "ticketsPerDay", max: config.RATE_LIMIT_TICKETS_PER_DAY, windowSeconds: DAY, cost: 1 },
      bytes,
    ];
  }
  return [
    { name: "repliesPerMinute", max: config.RATE_LIMIT_REPLIES_PER_MINUTE, windowSeconds: MINUTE, cost: 1 },
    { name: "repliesPerDay", max: config.RATE_LIMIT_REPLIES_PER_DAY, windowSeconds: DAY, cost: 1 },
    bytes,
  ];
}

/**
 * `upload` (receiveTicketUpload) within the user's write limits: a request over one is refused
 * with RATE_LIMITED (429, Retry-After, a translated message) before a byte of its body is read.
 * The count is spent on every attempt; the bytes come back when the upload fails, since its
 * files are removed then.
 *
 *   return withinWriteLimits(user, "ticket", receiveTicketUpload)(request, ticketId, commit);
 */
export function withinWriteLimits<TArgs extends unknown[], T>(
  user: TSessionUser,
  kind: TWriteKind,
  upload: (request: Request, ...rest: TArgs) => Promise<T>,
): (request: Request, ...rest: TArgs) => Promise<T> {
  return async (request, ...rest) => {
    const limiter = appRateLimiter();
    const verdict = await limiter.consume(`user:${user.id}`, rulesFor(user, kind, request));
    if (!verdict.allowed) {
      const rateLimit: TRateLimitDetails = {
        message: verdict.rule === "uploadBytesPerDay" ? "uploads" : kind === "ticket" ? "tickets" : "replies",
        retryAfterSeconds: verdict.retryAfterSeconds,
      };
      throw new AppError("RATE_LIMITED", verdict.rule, { rateLimit, retryAfterSeconds: verdict.retryAfterSeconds });
    }
    try {
      return await upload(request, ...rest);
    } catch (error) {
      const bytes = verdict.charges.filter((charge) => charge.key.endsWith(":uploadBytesPerDay"));
      await limiter.refund(bytes).catch((refundError: unknown) => logUnexpectedError("rate-limit", refundError));
      throw error;
    }
  };
}
