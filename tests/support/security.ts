/** Helpers for the security tests: accounts that can sign in, env switches, better-auth over HTTP. */
import { hashPassword } from "better-auth/crypto";
import { getAuth } from "@/server/auth/auth";
import { accounts } from "@/server/db/schema";
import { resetEnvCache } from "@/server/env";
import { createStudent, type TUserOverrides, type TUserRow } from "../factories";
import { asServiceRoleTx } from "../factories/service-db";
import { testPool } from "./db";

export const RIGHT_PASSWORD = "bon-mot-de-passe-2026";
export const APP_ORIGIN = "http://localhost:3100";

/** A student with an email+password account, as the seed writes it. */
export async function createStudentWithPassword(overrides: TUserOverrides = {}): Promise<TUserRow> {
  const user = await createStudent(overrides);
  const password = await hashPassword(RIGHT_PASSWORD);
  await asServiceRoleTx((tx) =>
    tx.insert(accounts).values({ userId: user.id, accountId: user.id, providerId: "credential", password }),
  );
  return user;
}

/** Sets app variables (env() re-read) and returns the restorer. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  };
  apply(values);
  return () => apply(saved);
}

/** A POST to better-auth's HTTP endpoint, as a browser on the app's page sends it. */
export function authRequest(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return getAuth().handler(
    new Request(`${APP_ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN, "accept-language": "fr-CA", ...headers },
      body: JSON.stringify(body),
    }),
  );
}

/**
 * The rate limits count in fixed windows aligned on the database clock (a minute starts at :00):
 * a test that makes a per-minute limit's requests in a row waits, when fewer than `seconds` are
 * left in the current minute, for the next one, so they all fall in one window.
 */
export async function awayFromMinuteEnd(seconds = 15): Promise<void> {
  const { rows } = await testPool().query<{ now: number }>("select extract(epoch from now())::float8 as now");
  const left = 60 - (Number(rows[0]?.now) % 60);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 100));
}
