import "server-only";
import { createHash } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { sql } from "drizzle-orm";
import { verifyPasswordResetToken } from "@/server/auth/password-reset-token";
import { appSignInLimiter } from "@/server/auth/sign-in-limiter";
import { asServiceRole, type TSqlClient } from "@/server/db/service-role";
import { withServiceRole } from "@/server/db/with-user";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { TRateLimitDetails } from "@/server/errors-i18n";
import { clientAddress } from "@/server/http/client-address";
import { appRateLimiter, type TRateRule } from "@/server/security/rate-limiter";
import { validationError } from "@/server/validation";
import type { TPasswordResetRequestInput, TResetPasswordInput } from "../schemas";

const HOUR = 60 * 60;
const digest = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 32);

/**
 * The request's limits, all spent or none (rate_limit_counters): per typed email (known or not,
 * the same count, so the limit tells nothing), per trusted client address, and for all clients
 * together, which bounds the emails a flood can make when addresses are unknown or forged.
 */
function requestRules(email: string, address: string | null): TRateRule[] {
  const config = env();
  return [
    {
      name: `email:${digest(email.trim().toLowerCase())}`,
      max: config.PASSWORD_RESET_PER_EMAIL_PER_HOUR,
      windowSeconds: HOUR,
      cost: 1,
    },
    { name: "all", max: config.PASSWORD_RESET_PER_MINUTE, windowSeconds: 60, cost: 1 },
    ...(address
      ? [
          {
            name: `address:${digest(address)}`,
            max: config.PASSWORD_RESET_PER_ADDRESS_PER_HOUR,
            windowSeconds: HOUR,
            cost: 1,
          },
        ]
      : []),
  ];
}

/**
 * "Mot de passe oublié ?". The answer and the work done here are the same whatever the email:
 * the limits, then one job (app.queue_password_reset_request). The worker decides, out of the
 * request, whether an email goes out (runPasswordResetRequest). Returns how long a link works.
 */
export async function requestPasswordReset(
  input: TPasswordResetRequestInput,
  requestHeaders: Headers,
): Promise<{ minutes: number }> {
  const config = env();
  const address = clientAddress(requestHeaders, config.TRUST_PROXY);
  const verdict = await appRateLimiter().consume("password-reset", requestRules(input.email, address));
  if (!verdict.allowed) {
    const which: TRateLimitDetails["message"] = "passwordResets";
    const rateLimit: TRateLimitDetails = { message: which, retryAfterSeconds: verdict.retryAfterSeconds };
    throw new AppError("RATE_LIMITED", "password reset requests", {
      rateLimit,
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  await withServiceRole((tx) => tx.execute(sql`select app.queue_password_reset_request(${input.email}, ${address})`));
  return { minutes: config.PASSWORD_RESET_TTL_MINUTES };
}

export type TPasswordResetRequestOutcome = "sent" | "deactivated" | "no_password" | "unknown";

/**
 * The worker's half (job password_reset_request), on the worker's own connection: a reset row,
 * its email and the audit event for an active account with a password; nothing else for anyone
 * else (app.request_password_reset).
 */
export async function runPasswordResetRequest(
  client: TSqlClient,
  payload: { email: string; ip: string | null },
): Promise<TPasswordResetRequestOutcome> {
  const ttlSeconds = env().PASSWORD_RESET_TTL_MINUTES * 60;
  const result = await asServiceRole(client, () =>
    client.query<{ outcome: TPasswordResetRequestOutcome }>(
      "select app.request_password_reset($1, $2, $3) as outcome",
      [payload.email, ttlSeconds, payload.ip],
    ),
  );
  return result.rows[0]?.outcome ?? "unknown";
}

/**
 * The reset page's form. The link's signature and time are checked here; that it is the newest,
 * unused link of an active account is app.complete_password_reset()'s answer, under a row lock,
 * which also ends every session of the account and audits. A deactivated account is told so
 * (whoever holds the link reads that account's email); any other refusal is one message.
 */
export async function resetPassword(input: TResetPasswordInput, requestHeaders: Headers): Promise<void> {
  const resetId = await verifyPasswordResetToken(input.token);
  if (!resetId) throw validationError("token", "resetLinkInvalid");
  const passwordHash = await hashPassword(input.password);
  const address = clientAddress(requestHeaders, env().TRUST_PROXY);
  const result = await withServiceRole((tx) =>
    tx.execute<{ outcome: "reset" | "invalid" | "deactivated"; email: string | null }>(
      sql`select r.outcome, u.email from app.complete_password_reset(${resetId}::uuid, ${passwordHash}, ${address}) r
          left join users u on u.id = r.user_id`,
    ),
  );
  const row = result.rows[0];
  if (row?.outcome === "deactivated") throw new AppError("ACCOUNT_DEACTIVATED");
  if (row?.outcome !== "reset" || !row.email) throw validationError("token", "resetLinkInvalid");
  // The account's failed sign-ins are forgotten: whoever locked it, its owner signs in now.
  await appSignInLimiter().succeeded({ email: row.email, address: null });
}

/** Whether the reset page should show its form: the link is signed and not past its time. */
export async function isPasswordResetLinkUsable(token: string): Promise<boolean> {
  return (await verifyPasswordResetToken(token)) !== null;
}
