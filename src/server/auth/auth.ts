import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "../db/client";
import { accounts, sessions, users, verifications } from "../db/schema";
import { env } from "../env";

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
    database: drizzleAdapter(getDb(), {
      provider: "pg",
      usePlural: true,
      schema: { users, sessions, accounts, verifications },
    }),
    advanced: { database: { generateId: "uuid" } },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        firstName: { type: "string", required: true, input: true },
        lastName: { type: "string", required: true, input: true },
        // input: false: sign-up can never choose its own role.
        role: { type: "string", required: false, input: false, defaultValue: "student" },
        locale: { type: "string", required: false, input: true, defaultValue: "fr-CA" },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // nextCookies must stay last: it sets cookies from server actions.
    plugins: [nextCookies()],
  });
}

export type TAuth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { __ticketsAuth?: TAuth };

export function getAuth(): TAuth {
  globalForAuth.__ticketsAuth ??= createAuth();
  return globalForAuth.__ticketsAuth;
}
