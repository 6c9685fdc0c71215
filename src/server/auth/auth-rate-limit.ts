import "server-only";
import { createHash } from "node:crypto";
import type { BetterAuthOptions } from "better-auth";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { appRateLimiter, type TRateLimiter } from "../security/rate-limiter";

type TRateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

/**
 * The header better-auth reads the client address from (advanced.ipAddress.ipAddressHeaders).
 * Only ours: the auth route sets it from the trusted address (TRUST_PROXY) and removes any value
 * a client sent, so better-auth never keys on an X-Forwarded-For the client wrote.
 */
export const AUTH_CLIENT_ADDRESS_HEADER = "x-app-client-address";

/**
 * better-auth's own rate limit (its other endpoints: sign-up, verification emails, session...)
 * on our PostgreSQL limiter (rate_limit_counters), so it holds across app processes and
 * restarts. Each check-and-count is one atomic statement. Keys are better-auth's
 * "<address>|<path>", hashed: the table keeps no address in clear.
 */
export function betterAuthRateLimitStorage(limiter: () => TRateLimiter = appRateLimiter): TRateLimitStorage {
  return {
    consume: async (key, rule) => {
      const subject = `auth:${createHash("sha256").update(key).digest("base64url").slice(0, 32)}`;
      const verdict = await limiter().consume(subject, [
        { name: `w${rule.window}`, max: rule.max, windowSeconds: Math.max(1, Math.round(rule.window)), cost: 1 },
      ]);
      return verdict.allowed
        ? { allowed: true, retryAfter: null }
        : { allowed: false, retryAfter: verdict.retryAfterSeconds };
    },
  };
}

/**
 * The request better-auth's handler gets: our client-address header set from the trusted
 * address, or removed. Without TRUST_PROXY the address is unknown and better-auth counts every
 * client of a path together (its "no trusted IP" bucket).
 */
export function withTrustedClientAddress(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete(AUTH_CLIENT_ADDRESS_HEADER);
  const address = clientAddress(request.headers, env().TRUST_PROXY);
  if (address) headers.set(AUTH_CLIENT_ADDRESS_HEADER, address);
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers, signal: request.signal };
  if (request.method !== "GET" && request.method !== "HEAD") {
    init.body = request.body;
    init.duplex = "half";
  }
  return new Request(request.url, init);
}
