import "server-only";
import type pg from "pg";
import { getPool } from "../db/client";
import { inPoolTransaction } from "../db/pool-transaction";

/** One limit: at most `max` units (requests, bytes…) per `windowSeconds`; `cost` is what this use spends. */
export type TRateRule = { name: string; max: number; windowSeconds: number; cost: number };

export type TRateCharge = { key: string; windowStart: Date; cost: number };

export type TRateVerdict =
  | { allowed: true; charges: TRateCharge[] }
  | { allowed: false; rule: string; retryAfterSeconds: number };

export type TRateLimiter = {
  /**
   * Spends each rule's cost for `subject`, all or nothing: when one rule would go over its
   * max, nothing is spent and the verdict names that rule and when its window ends.
   */
  consume(subject: string, rules: readonly TRateRule[]): Promise<TRateVerdict>;
  /** Gives back what a consume spent (e.g. the bytes of an upload that failed). */
  refund(charges: readonly TRateCharge[]): Promise<void>;
};

class Refused extends Error {
  constructor(
    readonly rule: string,
    readonly seconds: number,
  ) {
    super(rule);
  }
}

/**
 * Fixed-window counters in PostgreSQL (table rate_limit_counters, migration 0021): every app
 * process and every restart sees the same counts. A window starts at a multiple of its length
 * since the epoch, read from the database's clock so processes on skewed hosts agree. Up to
 * twice `max` may pass across one window boundary; pair a short rule with a long one (per
 * minute and per day) to bound the total.
 *
 * Each rule is one `insert … on conflict do update … where used + cost <= max`: the row lock
 * it takes makes parallel requests count one after another, so exactly `max` pass.
 */
export function createRateLimiter(pool: pg.Pool, options: { cleanupProbability?: number } = {}): TRateLimiter {
  const cleanupProbability = options.cleanupProbability ?? 0.01;

  const inTransaction = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => inPoolTransaction(pool, work);

  return {
    consume: (subject, rules) =>
      inTransaction<TRateVerdict>(async (client) => {
        const { rows } = await client.query<{ now: string }>("select extract(epoch from now())::float8 as now");
        const now = Number(rows[0]?.now);
        const charges: TRateCharge[] = [];
        const retryOf = (rule: TRateRule) => Math.max(1, Math.ceil(rule.windowSeconds - (now % rule.windowSeconds)));
        // Keys in one order: two requests of one subject never wait on each other in a cycle.
        const ordered = [...rules].sort((a, b) => a.name.localeCompare(b.name));
        for (const rule of ordered) {
          if (rule.cost <= 0) continue;
          if (rule.cost > rule.max) throw new Refused(rule.name, retryOf(rule));
          const startSeconds = Math.floor(now / rule.windowSeconds) * rule.windowSeconds;
          const windowStart = new Date(startSeconds * 1000);
          const key = `${subject}:${rule.name}`;
          const updated = await client.query(
            `insert into public.rate_limit_counters as c (key, window_start, expires_at, used)
             values ($1, $2, $3, $4)
             on conflict (key, window_start) do update set used = c.used + excluded.used
             where c.used + excluded.used <= $5
             returning used`,
            [key, windowStart, new Date((startSeconds + rule.windowSeconds) * 1000), rule.cost, rule.max],
          );
          // Thrown so that the rules already charged in this transaction roll back.
          if (updated.rowCount === 0) throw new Refused(rule.name, retryOf(rule));
          charges.push({ key, windowStart, cost: rule.cost });
        }
        if (Math.random() < cleanupProbability) {
          await client.query("delete from public.rate_limit_counters where expires_at < now()");
        }
        return { allowed: true, charges };
      }).catch((error: unknown) => {
        if (error instanceof Refused) return { allowed: false, rule: error.rule, retryAfterSeconds: error.seconds };
        throw error;
      }),
    refund: (charges) =>
      inTransaction(async (client) => {
        for (const charge of charges) {
          await client.query(
            "update public.rate_limit_counters set used = greatest(used - $3, 0) where key = $1 and window_start = $2",
            [charge.key, charge.windowStart, charge.cost],
          );
        }
      }),
  };
}

/** The app's limiter, on the app's pool. */
export function appRateLimiter(): TRateLimiter {
  return createRateLimiter(getPool());
}
