import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "../db/client";
import { accounts, sessions, users, verifications } from "../db/schema";
import { env } from "../env";
import { enqueueVerificationEmail, refuseDeactivatedSession, refuseLongNames } from "./account-gate";
import { auditAuthOutcome, auditSignOut } from "./auth-audit";
import { betterAuthLogger } from "./auth-logger";
import { AUTH_CLIENT_ADDRESS_HEADER, betterAuthRateLimitStorage, withTrustedClientAddress } from "./auth-rate-limit";
import { guardSignInAttempt, recordSignInOutcome } from "./sign-in-guard";
import { refuseClosedSignUp, refuseUnusedEndpoints } from "./sign-up-gate";

function createAuth() {
  const config = env();
  if (!config.BETTER_AUTH_SECRET) {
    throw new Error("BETTER_AUTH_SECRET is not set (npm start creates one under the data folder). See .env.example.");
  }
  return betterAuth({
    appName: "Soutien — Plateforme de tutorat",
    secret: config.BETTER_AUTH_SECRET,
    baseURL: config.appUrl,
    trustedOrigins: [config.appUrl],
    telemetry: { enabled: false },
    // Through our pino logger: a failed query's error is summarized, never its parameters (tokens).
    logger: betterAuthLogger(),
    database: drizzleAdapter(getDb(), {
      provider: "pg",
      usePlural: true,
      schema: { users, sessions, accounts, verifications },
    }),
    advanced: {
      database: { generateId: "uuid" },
      // Only the address the auth route derived from a trusted proxy (auth-rate-limit.ts).
      ipAddress: { ipAddressHeaders: [AUTH_CLIENT_ADDRESS_HEADER] },
    },
    // Students come from the platform: open sign-up only when AUTH_ALLOW_SIGNUP says so.
    emailAndPassword: {
      enabled: true,
      disableSignUp: !config.AUTH_ALLOW_SIGNUP,
      // Open sign-up proves the address first, and then answers an address already registered
      // exactly as a new one (better-auth hashes the password all the same, returns a made-up
      // account and sends nothing): no account-existence oracle.
      requireEmailVerification: config.AUTH_ALLOW_SIGNUP,
      minPasswordLength: 8,
      maxPasswordLength: 128,
    },
    emailVerification: {
      sendOnSignUp: config.AUTH_ALLOW_SIGNUP,
      expiresIn: 60 * 60 * 24,
      // Through the notifications outbox: sent by the worker, or kept in the Courriels log.
      sendVerificationEmail: async ({ user, url }) => enqueueVerificationEmail(user.id, url),
    },
    rateLimit: {
      enabled: config.AUTH_RATE_LIMIT,
      // In PostgreSQL (rate_limit_counters), shared by every app process, kept across restarts.
      customStorage: betterAuthRateLimitStorage(),
      // Sign-in is limited per account and per trusted address in PostgreSQL (sign-in-guard.ts),
      // on the server action too; better-auth's own limiter keys it on X-Forwarded-For as sent.
      customRules: { "/sign-in/email": false },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        refuseClosedSignUp(ctx);
        refuseUnusedEndpoints(ctx);
        refuseLongNames(ctx);
        await guardSignInAttempt(ctx);
        await auditSignOut(ctx);
      }),
      after: createAuthMiddleware(async (ctx) => {
        await recordSignInOutcome(ctx);
        await auditAuthOutcome(ctx);
      }),
    },
    databaseHooks: {
      session: { create: { before: async (session, context) => refuseDeactivatedSession(session, context) } },
    },
    user: {
      additionalFields: {
        firstName: { type: "string", required: true, input: true },
        lastName: { type: "string", required: true, input: true },
        // input: false: sign-up can never choose its own role.
        role: { type: "string", required: false, input: false, defaultValue: "student" },
        locale: { type: "string", required: false, input: true, defaultValue: "fr-CA" },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // The session and its user, signed (HMAC) in a cookie for AUTH_SESSION_CACHE_SECONDS: a page
      // reads it without the sessions-table round trip. The proxy renews it when the browser has
      // dropped it (src/server/auth/session-cache.ts). Sign-out expires it at once; a session
      // deleted server-side (revoked, account deactivated) is refused once it expires.
      cookieCache: { enabled: config.AUTH_SESSION_CACHE_SECONDS > 0, maxAge: config.AUTH_SESSION_CACHE_SECONDS },
    },
    // nextCookies must stay last: it sets cookies from server actions.
    plugins: [nextCookies()],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

/** better-auth's HTTP endpoints (the /api/auth route), with the client address it may trust. */
export function handleAuthRequest(request: Request): Promise<Response> {
  return getAuth().handler(withTrustedClientAddress(request));
}

const globalForAuth = globalThis as unknown as { __ticketsAuth?: TAuth };

export function getAuth(): TAuth {
  globalForAuth.__ticketsAuth ??= createAuth();
  return globalForAuth.__ticketsAuth;
}

/** Test hook: build better-auth again after a test changed its settings (e.g. AUTH_ALLOW_SIGNUP). */
export function resetAuth(): void {
  globalForAuth.__ticketsAuth = undefined;
}
