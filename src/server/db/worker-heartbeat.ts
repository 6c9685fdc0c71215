import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import pg from "pg";
import type { TSqlClient } from "./service-role";

/** How often a worker writes its heartbeat row. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** Rows not updated for this long are removed by the next worker that starts (dead processes). */
const FORGET_AFTER = "1 day";

export type THeartbeat = { id: string; stop: () => Promise<void> };

/**
 * Writes this process's row in worker_heartbeats now and every HEARTBEAT_INTERVAL_MS, on a
 * connection of its own: a busy or reconnecting graphile-worker never delays it, and a lost
 * database only skips beats (the next one succeeds once it is back). The row stays after
 * stop(): the readiness check and the dashboard tell "stopped" from "running" by its age.
 */
export function startHeartbeat(options: { connectionString: string; intervalMs?: number }): THeartbeat {
  const id = randomUUID();
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 3_000,
    application_name: "support-tickets-heartbeat",
  });
  // A connection lost between beats must not crash the process; the next beat reconnects.
  pool.on("error", () => {});
  const beat = () =>
    pool
      .query(
        `insert into public.worker_heartbeats (id, host, pid) values ($1, $2, $3)
         on conflict (id) do update set last_seen_at = now()`,
        [id, hostname(), process.pid],
      )
      .then(
        () => undefined,
        () => undefined,
      );
  const first = beat().then(() =>
    pool.query(`delete from public.worker_heartbeats where last_seen_at < now() - interval '${FORGET_AFTER}'`).then(
      () => undefined,
      () => undefined,
    ),
  );
  const timer = setInterval(() => void beat(), options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  return {
    id,
    stop: async () => {
      clearInterval(timer);
      await first;
      await pool.end().catch(() => {});
    },
  };
}

export type TWorkerPresence = {
  /** When a worker last wrote its heartbeat, or null when none ever did. */
  lastSeenAt: Date | null;
  /** Seconds since then, by the database's clock (null when never). */
  ageSeconds: number | null;
};

/** The freshest heartbeat of any worker, read as the login role (the table's owner). */
export async function readWorkerPresence(client: TSqlClient): Promise<TWorkerPresence> {
  const { rows } = await client.query(
    `select max(last_seen_at) as last_seen_at,
            extract(epoch from now() - max(last_seen_at))::float8 as age_seconds
       from public.worker_heartbeats`,
  );
  const row = rows[0] as { last_seen_at: Date | null; age_seconds: number | null } | undefined;
  return { lastSeenAt: row?.last_seen_at ?? null, ageSeconds: row?.age_seconds ?? null };
}
