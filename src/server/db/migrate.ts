import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import pg from "pg";

const silentLogger = new Logger(() => () => {});

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "drizzle");

/** A failed migration, with PostgreSQL's own words (drizzle's message is only "Failed query: <sql>"). */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string | undefined,
    readonly sqlState: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

function databaseErrorIn(error: unknown): pg.DatabaseError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if (current instanceof pg.DatabaseError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The migration file holding `statement` (drizzle splits each file on its breakpoints). */
function migrationFileOf(statement: string): string | undefined {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  for (const { tag } of journal.entries) {
    const file = `${tag}.sql`;
    const text = readFileSync(path.join(MIGRATIONS_FOLDER, file), "utf8");
    if (text.split("--> statement-breakpoint").includes(statement)) return file;
  }
  return undefined;
}

function describeFailure(step: string, error: unknown): MigrationError {
  const database = databaseErrorIn(error);
  const statement = (error as { query?: unknown }).query;
  const migration = typeof statement === "string" ? migrationFileOf(statement) : undefined;
  const where = migration ? `migration ${migration}` : step;
  const lines = [`${where} failed: ${database?.message ?? (error instanceof Error ? error.message : String(error))}`];
  if (database) {
    lines.push(`  SQLSTATE ${database.code}`);
    if (database.detail) lines.push(`  detail: ${database.detail}`);
    if (database.hint) lines.push(`  hint: ${database.hint}`);
    if (database.where) lines.push(`  where: ${database.where}`);
  }
  if (typeof statement === "string") {
    const firstLine = statement
      .trim()
      .split("\n")
      .find((line) => line.trim() && !line.trim().startsWith("--"));
    if (firstLine) lines.push(`  statement: ${firstLine.trim()}`);
  }
  return new MigrationError(lines.join("\n"), migration, database?.code, { cause: error });
}

/**
 * Applies every committed migration in ./drizzle that the database has not seen, then
 * graphile-worker's own schema.
 * An advisory lock makes concurrent starts (app + worker) wait for each other
 * instead of applying the same migration twice.
 * A failure throws a MigrationError naming the migration file and PostgreSQL's message,
 * detail, hint and SQLSTATE.
 */
export async function runMigrations(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: "support-tickets-migrate" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('support-tickets:migrations'))");
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER }).catch((error: unknown) => {
      throw describeFailure("the drizzle migrations", error);
    });
    // graphile-worker's own schema: the outbox enqueues its jobs in the same transaction.
    await runWorkerMigrations({ connectionString, logger: silentLogger }).catch((error: unknown) => {
      throw describeFailure("graphile-worker's migrations", error);
    });
  } finally {
    await client.query("select pg_advisory_unlock(hashtext('support-tickets:migrations'))").catch(() => {});
    await client.end();
  }
}
