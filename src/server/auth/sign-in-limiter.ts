import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import { getPool } from "../db/client";
import { inPoolTransaction } from "../db/pool-transaction";
import { env } from "../env";

export type TSignInLimits = {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  lockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
};

export type TSignInIdentity = { email: string; address: string | null };

export type TSignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type TSignInLimiter = {
  /**
   * Counts one attempt against the account and the address, before the password is checked,
   * so that parallel guesses cannot all pass a count that none of them has written yet.
   * Refused (and not counted) while either is locked.
   */
  attempt(identity: TSignInIdentity): Promise<TSignInVerdict>;
  /** The password was right: the account starts over, the address gets its attempt back. */
  succeeded(identity: TSignInIdentity): Promise<void>;
};

type TThrottleRow = { key: string; failures: number; last_attempt_at: Date; locked_until: Date | null; now: Date };

/** The account key does not keep the address typed: a hash is enough to count it. */
function accountKey(email: string): string {
  return `account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
}

function keysOf(identity: TSignInIdentity): string[] {
  return [accountKey(identity.email), ...(identity.address ? [`address:${identity.address}`] : [])].sort();
}

/**
 * Sign-in throttling stored in PostgreSQL (table sign_in_throttle, migration 0017), so every
 * app process counts the same failures and a restart forgets none. From the `max`-th failure
 * in a row the key is locked for lockSeconds, doubling with each further failure up to
 * maxLockSeconds; a key with no attempt for windowSeconds starts over.
 */
export function createSignInLimiter(
  pool: pg.Pool,
  limits: TSignInLimits,
  options: { cleanupProbability?: number } = {},
): TSignInLimiter {
  // Every guessed email leaves a row: now and then, one attempt forgets the rows nobody needs.
  const cleanupProbability = options.cleanupProbability ?? 0.01;
  const maxOf = (key: string) =>
    key.startsWith("account:") ? limits.maxFailuresPerAccount : limits.maxFailuresPerAddress;
  const lockUntil = (failures: number, max: number, now: Date): Date | null => {
    if (failures < max) return null;
    const seconds = Math.min(limits.lockSeconds * 2 ** Math.min(failures - max, 30), limits.maxLockSeconds);
    return new Date(now.getTime() + seconds * 1000);
  };

  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => inPoolTransaction(pool, work);

  // Rows are locked in key order: two attempts on the same pair never wait on each other in a cycle.
  const lockRows = async (client: pg.PoolClient, keys: string[]) => {
    await client.query(
      "insert into public.sign_in_throttle (key) select unnest($1::text[]) on conflict (key) do nothing",
      [keys],
    );
    const { rows } = await client.query<TThrottleRow>(
      `select key, failures, last_attempt_at, locked_until, now() as now
         from public.sign_in_throttle where key = any($1::text[]) order by key for update`,
      [keys],
    );
    return rows;
  };

  return {
    attempt: (identity) =>
      inTransaction(async (client) => {
        const rows = await lockRows(client, keysOf(identity));
        const locked = rows
          .filter((row) => row.locked_until && row.locked_until > row.now)
          .map((row) => Math.ceil(((row.locked_until as Date).getTime() - row.now.getTime()) / 1000));
        if (locked.length > 0) return { allowed: false, retryAfterSeconds: Math.max(...locked) };
        for (const row of rows) {
          const stale = row.now.getTime() - row.last_attempt_at.getTime() > limits.windowSeconds * 1000;
          const failures = stale ? 1 : row.failures + 1;
          await client.query(
            "update public.sign_in_throttle set failures = $2, last_attempt_at = $3, locked_until = $4 where key = $1",
            [row.key, failures, row.now, lockUntil(failures, maxOf(row.key), row.now)],
          );
        }
        if (Math.random() < cleanupProbability) {
          await client.query(
            `delete from public.sign_in_throttle
              where last_attempt_at < now() - make_interval(secs => $1)
                and (locked_until is null or locked_until < now())`,
            [limits.windowSeconds],
          );
        }
        return { allowed: true };
      }),
    succeeded: (identity) =>
      inTransaction(async (client) => {
        const rows = await lockRows(client, keysOf(identity));
        for (const row of rows) {
          if (row.key.startsWith("account:")) {
            await client.query("delete from public.sign_in_throttle where key = $1", [row.key]);
            continue;
          }
          const failures = Math.max(row.failures - 1, 0);
          const lockedUntil = failures < maxOf(row.key) ? null : row.locked_until;
          await client.query("update public.sign_in_throttle set failures = $2, locked_until = $3 where key = $1", [
            row.key,
            failures,
            lockedUntil,
          ]);
        }
      }),
  };
}

export function signInLimitsFromEnv(): TSignInLimits {
  const config = env();
  return {
    maxFailuresPerAccount: config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
    lockSeconds: config.SIGN_IN_LOCK_SECONDS,
    maxLockSeconds: config.SIGN_IN_MAX_LOCK_SECONDS,
    windowSeconds: config.SIGN_IN_WINDOW_SECONDS,
  };
}

/** The app's limiter, on the app's pool; built per call so tests may change the limits through env. */
export function appSignInLimiter(): TSignInLimiter {
  return createSignInLimiter(getPool(), signInLimitsFromEnv());
}
