/**
 * Sign-in for the HTTP bench. The seeded bench users have no password (seed-scale.ts writes
 * users only): give them one, hashed by better-auth itself, in the credential `accounts` row
 * better-auth looks for (provider "credential", account id = user id); then sign in over HTTP
 * like the browser's form does and keep the session cookies.
 */
import { hashPassword } from "better-auth/crypto";
import type pg from "pg";

/** Only ever set on the bench database's users. */
export const BENCH_PASSWORD = "banc-d-essai-http";

/** Sets `password` on each user's credential account, creating the account when missing. Idempotent. */
export async function setBenchPasswords(
  client: pg.Client,
  userIds: readonly string[],
  password: string,
): Promise<void> {
  const hash = await hashPassword(password);
  await client.query("begin");
  try {
    // Two bench runs at once must not both insert the same user's account.
    await client.query("select pg_advisory_xact_lock(hashtext('support-tickets:bench-passwords'))");
    for (const userId of userIds) {
      const updated = await client.query(
        "update accounts set password = $2, updated_at = now() where user_id = $1 and provider_id = 'credential'",
        [userId, hash],
      );
      if (updated.rowCount === 0) {
        await client.query(
          "insert into accounts (account_id, provider_id, user_id, password) values ($1, 'credential', $2, $3)",
          [userId, userId, hash],
        );
      }
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}

/** POST /api/auth/sign-in/email; returns the Cookie header value for later requests. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    const body = (await response.text()).slice(0, 300);
    throw new Error(`sign-in as ${email} failed: HTTP ${response.status} ${body}`);
  }
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
  if (!cookies.some((cookie) => cookie.includes("session_token="))) {
    throw new Error(`sign-in as ${email} answered ${response.status} without a session cookie`);
  }
  return cookies.join("; ");
}
