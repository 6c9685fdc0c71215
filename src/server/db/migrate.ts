import "server-only";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import pg from "pg";

const silentLogger = new Logger(() => () => {});

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

/**
 * Applies every committed migration in ./drizzle that the database has not seen, then
 * graphile-worker's own schema.
 * An advisory lock makes concurrent starts (app + worker) wait for each other
 * instead of applying the same migration twice.
 */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: "support-tickets-migrate" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('support-tickets:migrations'))");
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    // graphile-worker's own schema: the outbox enqueues its jobs in the same transaction.
    await runWorkerMigrations({ connectionString, logger: silentLogger });
  } finally {
    await client.query("select pg_advisory_unlock(hashtext('support-tickets:migrations'))").catch(() => {});
    await client.end();
  }
}
