/** A fresh, separate database for a benchmark, on DATABASE_URL's server or the embedded one. */
import pg from "pg";
import { runMigrations } from "../../src/server/db/migrate";
import { openDatabase, type TOpenDatabase } from "../../src/server/db/open-database";

export type TBenchDatabase = { url: string; close: () => Promise<void> };

/** support_tickets_bench_<scale>, the scale's dot as an underscore (0.01 → support_tickets_bench_0_01). */
export function benchDatabaseName(scale: number): string {
  return `support_tickets_bench_${String(scale).replace(".", "_")}`;
}

/** The URL of `database` on the same server as `url`. */
export function sibling(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createBenchDatabase(name: string, options: { keep?: boolean } = {}): Promise<TBenchDatabase> {
  const server: TOpenDatabase = await openDatabase();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
  if (exists.rowCount && !options.keep) {
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
    await admin.query(`drop database ${admin.escapeIdentifier(name)}`);
  }
  if (!exists.rowCount || !options.keep) await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = sibling(server.url, name);
  await runMigrations(url);
  return { url, close: () => server.stop() };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function summarize(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

type TQueryable = Pick<pg.ClientBase, "query">;

/**
 * Deletes what benchmark runs wrote — tickets created after seeding (their messages, events,
 * read markers and attachment rows go with them) and their webhook events — then vacuums, so
 * that every run measures the data set as seeded: 7,000 left-over "reservations" tickets at
 * the top of the date index had made "category = paiement" three times slower. Returns how
 * many tickets it deleted.
 */
export async function removeBenchWrites(db: TQueryable): Promise<number> {
  const deleted = await db.query("delete from support_tickets where created_at > (select seeded_at from bench_meta)");
  await db.query("delete from webhook_events where created_at > (select seeded_at from bench_meta)");
  const count = deleted.rowCount ?? 0;
  if (count > 0) await db.query("vacuum analyze support_tickets, ticket_messages, ticket_events");
  return count;
}

/** The student who writes during benchmarks: not the heavy one, whose 200 tickets are measured. */
export async function benchWriterStudent(db: TQueryable): Promise<{ id: string; email: string }> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `select id, email from users
      where role = 'student' and id <> (select heavy from bench_meta) order by email limit 1`,
  );
  const row = rows[0];
  if (!row) throw new Error("the benchmark database has no second student: rebuild it with --reseed");
  return row;
}
