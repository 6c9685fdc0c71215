import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { Logger, runMigrations as runWorkerMigrations } from "graphile-worker";
import pg from "pg";
import { env } from "@/server/env";

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

/** "standalone": the app owns its users, courses, appointments, orders; "host": the host app does. */
export type TInstallMode = "standalone" | "host";

/**
 * The contract a host app writes before installing in host mode (docs/supabase.md, section 5;
 * template: docs/host-contract.sql): four views, each column's name and type exactly as listed,
 * types as `format_type` writes them with an empty search_path.
 */
export const HOST_CONTRACT: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  "platform.users": [
    ["id", "uuid"],
    ["email", "text"],
    ["first_name", "text"],
    ["last_name", "text"],
    ["role", "public.user_role"],
    ["locale", "text"],
  ],
  "platform.courses": [
    ["id", "uuid"],
    ["code", "text"],
    ["title", "text"],
    ["subject", "text"],
  ],
  "platform.appointments": [
    ["id", "uuid"],
    ["student_id", "uuid"],
    ["tutor_id", "uuid"],
    ["course_id", "uuid"],
    ["starts_at", "timestamp with time zone"],
    ["duration_minutes", "integer"],
    ["status", "public.appointment_status"],
  ],
  "platform.orders": [
    ["id", "uuid"],
    ["user_id", "uuid"],
    ["description", "text"],
    ["total_cents", "integer"],
    ["currency", "character(3)"],
    ["status", "public.order_status"],
    ["created_at", "timestamp with time zone"],
  ],
};

/** The contract's three enums, with migration 0000's labels in order (the views cast to them). */
export const HOST_CONTRACT_ENUMS: Readonly<Record<string, readonly string[]>> = {
  "public.user_role": ["student", "tutor", "admin"],
  "public.appointment_status": ["scheduled", "completed", "cancelled", "no_show"],
  "public.order_status": ["pending", "paid", "refunded", "cancelled"],
};

function installError(message: string): MigrationError {
  return new MigrationError(message, undefined, undefined, { cause: undefined });
}

/**
 * The mode this database was installed in: the row of app.install_info (migration 0041), or
 * "standalone" for a database migrated before that row existed (host mode did not), or
 * undefined for a database never migrated.
 */
async function recordedInstallMode(client: pg.Client): Promise<TInstallMode | undefined> {
  const { rows } = await client.query<{ info: string | null; log: string | null }>(
    "select to_regclass('app.install_info')::text as info, to_regclass('drizzle.__drizzle_migrations')::text as log",
  );
  if (rows[0]?.info) {
    const recorded = await client.query<{ mode: TInstallMode }>("select mode from app.install_info");
    if (recorded.rows[0]) return recorded.rows[0].mode;
  }
  if (rows[0]?.log) {
    const applied = await client.query("select 1 from drizzle.__drizzle_migrations limit 1");
    if (applied.rowCount) return "standalone";
  }
  return undefined;
}

const MODE_NAMES: Record<TInstallMode, string> = { standalone: "standalone", host: "host mode (HOST_MODE=true)" };

async function refuseModeSwitch(client: pg.Client, mode: TInstallMode): Promise<void> {
  const recorded = await recordedInstallMode(client);
  if (!recorded && mode === "standalone") {
    const { rows } = await client.query<{ users: string | null }>("select to_regclass('public.users')::text as users");
    if (rows[0]?.users) {
      throw installError(
        "public.users already exists in a database the ticket system was never installed in: if it is the host " +
          "app's, install in host mode (HOST_MODE=true, docs/supabase.md, section 5); nothing was installed",
      );
    }
  }
  if (recorded && recorded !== mode) {
    throw installError(
      `this database was installed ${recorded === "host" ? "in host mode (HOST_MODE=true)" : "standalone"}, ` +
        `not ${MODE_NAMES[mode]}: switching an installed database between modes is not supported ` +
        `(set HOST_MODE=${recorded === "host"} again; docs/supabase.md, section 5)`,
    );
  }
}

/**
 * Host mode's preflight: the four platform views and the three enums they use, checked against
 * HOST_CONTRACT before anything is installed. Throws naming the first mismatch.
 */
export async function checkHostContract(client: pg.Client): Promise<void> {
  const template = "docs/host-contract.sql";
  await client.query("begin");
  try {
    // Types come out schema-qualified unless in pg_catalog, whatever the role's search_path.
    await client.query("set local search_path = ''");
    for (const [name, labels] of Object.entries(HOST_CONTRACT_ENUMS)) {
      const { rows } = await client.query<{ labels: string[] | null }>(
        `select (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) as labels
           from (select to_regtype($1) as oid) t`,
        [name],
      );
      const found = rows[0]?.labels;
      if (!found) throw installError(`host contract: type ${name} is missing (create it first: ${template})`);
      if (found.join(",") !== labels.join(",")) {
        throw installError(
          `host contract: type ${name} has the labels (${found.join(", ")}), the contract wants (${labels.join(", ")})`,
        );
      }
    }
    for (const [view, columns] of Object.entries(HOST_CONTRACT)) {
      const { rows: relations } = await client.query<{ kind: string }>(
        "select c.relkind::text as kind from pg_class c where c.oid = to_regclass($1)",
        [view],
      );
      const kind = relations[0]?.kind;
      if (!kind) throw installError(`host contract: view ${view} is missing (create it first: ${template})`);
      if (kind !== "v") throw installError(`host contract: ${view} must be a view`);
      const { rows } = await client.query<{ name: string; type: string }>(
        `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
           from pg_attribute a
          where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped
          order by a.attnum`,
        [view],
      );
      for (const [index, [wantedName, wantedType]] of columns.entries()) {
        const found = rows[index];
        if (!found) throw installError(`host contract: ${view} has no column ${wantedName} ${wantedType}`);
        if (found.name !== wantedName || found.type !== wantedType) {
          throw installError(
            `host contract: ${view} column ${index + 1} is ${found.name} ${found.type}, ` +
              `the contract wants ${wantedName} ${wantedType}`,
          );
        }
      }
      const extra = rows[columns.length];
      if (extra) throw installError(`host contract: ${view} has a column the contract does not name: ${extra.name}`);
    }
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/**
 * Applies every committed migration in ./drizzle that the database has not seen, then
 * graphile-worker's own schema.
 * An advisory lock makes concurrent starts (app + worker) wait for each other
 * instead of applying the same migration twice.
 * The install mode (HOST_MODE by default) is set on the session as `app.install_mode`, so a
 * migration can branch on `current_setting('app.install_mode', true)`; a database installed in
 * the other mode is refused before anything runs, and host mode first checks the contract.
 * A failure throws a MigrationError naming the migration file and PostgreSQL's message,
 * detail, hint and SQLSTATE.
 */
export async function runMigrations(
  connectionString: string,
  options: { installMode?: TInstallMode } = {},
): Promise<void> {
  const mode = options.installMode ?? (env().HOST_MODE ? "host" : "standalone");
  const client = new pg.Client({ connectionString, application_name: "support-tickets-migrate" });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('support-tickets:migrations'))");
    // On the session, not in the startup packet: Supabase's poolers do not pass `options` on.
    await client.query("select set_config('app.install_mode', $1, false)", [mode]);
    await refuseModeSwitch(client, mode);
    if (mode === "host") {
      await checkHostContract(client);
      // The old migrations create functions that read public.users & co. before 0041's host
      // branch rewrites them to read platform.*: in host mode those tables are the host's, so
      // the bodies are not checked at creation (0041 checks the rewritten ones).
      await client.query("set check_function_bodies = off");
    }
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
