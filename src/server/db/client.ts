import "server-only";
import { createHash } from "node:crypto";
import {
  createTableRelationsHelpers,
  DefaultLogger,
  type ExtractTablesWithRelations,
  extractTablesRelationalConfig,
  NoopLogger,
  type SQL,
} from "drizzle-orm";
import { drizzle, type NodePgDatabase, NodePgSession, NodePgTransaction } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { env } from "../env";
import { AppError, pgErrorCode } from "../errors";
import { logUnexpectedError } from "../log";
import * as schema from "./schema";

export type TDatabase = NodePgDatabase<typeof schema>;

type TConnection = { pool: pg.Pool; db: TDatabase };

// One pool per process, kept on globalThis so Next.js dev reloads don't leak pools.
const globalForDb = globalThis as unknown as { __ticketsDb?: TConnection };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm start` (it starts the embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return url;
}

function connect(): TConnection {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: env().DB_POOL_MAX,
    idleTimeoutMillis: 30_000,
    application_name: "support-tickets",
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => logUnexpectedError("db idle client", error));
  return { pool, db: drizzle(pool, { schema, logger: env().LOG_SQL }) };
}

/** The connection pool's drizzle client. It runs as the login role: request work goes through withUser(). */
export function getDb(): TDatabase {
  globalForDb.__ticketsDb ??= connect();
  return globalForDb.__ticketsDb.db;
}

export function getPool(): pg.Pool {
  getDb();
  // biome-ignore lint/style/noNonNullAssertion: set by getDb() just above
  return globalForDb.__ticketsDb!.pool;
}

export async function closeDb(): Promise<void> {
  const connection = globalForDb.__ticketsDb;
  globalForDb.__ticketsDb = undefined;
  await connection?.pool.end();
}

type TSchemaTables = ExtractTablesWithRelations<typeof schema>;
export type TTx = NodePgTransaction<typeof schema, TSchemaTables>;

// What drizzle(pool, { schema }) builds for itself, built once for runInTransaction().
const dialect = new PgDialect();
const relational = extractTablesRelationalConfig<TSchemaTables>(schema, createTableRelationsHelpers);
const relationalSchema = { fullSchema: schema, schema: relational.tables, tableNamesMap: relational.tableNamesMap };

/**
 * Host mode (HOST_MODE=true, docs/supabase.md section 5): every transaction the app opens puts
 * schema host_compat first on its search_path (transaction-local, like the role: nothing
 * outlives COMMIT, and Supabase's poolers need no startup option). host_compat's views
 * (migration 0042) are named like our users, courses, appointments and orders tables and have
 * their columns, over the host's rows, with our policies' filters: Drizzle writes these tables
 * unqualified, so the same queries read the host's rows. Standalone: nothing (an empty string).
 */
export function hostSearchPathPrelude(): string {
  return env().HOST_MODE
    ? "select set_config('search_path', 'host_compat, ' || current_setting('search_path'), true); "
    : "";
}

/**
 * Runs `work` in a transaction on one pooled connection, like db.transaction(), except that
 * `begin` and `prelude` (statements with no parameters, e.g. the role and claim of withUser)
 * go to the server as one message: one round trip fewer on every request (~0.1 ms idle, more
 * on a busy machine). COMMIT on success, ROLLBACK on error; a connection whose ROLLBACK fails
 * is closed, never handed to the next request in an unknown state.
 */
export async function runInTransaction<T>(prelude: string, work: (tx: TTx) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  let broken: Error | undefined;
  // The pool listens for errors of idle clients only: without this, a connection lost while
  // checked out (server restart, terminated backend) would be an unhandled 'error' event.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  try {
    const logger = env().LOG_SQL ? new DefaultLogger() : new NoopLogger();
    const session = new NodePgSession<typeof schema, TSchemaTables>(client, dialect, relationalSchema, { logger });
    const tx = new NodePgTransaction<typeof schema, TSchemaTables>(dialect, session, relationalSchema);
    sessionOf.set(tx, session);
    await client.query(`begin; ${hostSearchPathPrelude()}${prelude}`);
    const result = await work(tx);
    await client.query("commit");
    return result;
  } catch (error) {
    // Also after a failed BEGIN or COMMIT: outside a transaction ROLLBACK only warns.
    await client.query("rollback").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    // The prelude's active-account check (withUser): the session ended under this request.
    if (pgErrorCode(error) === "TK005") throw new AppError("UNAUTHENTICATED");
    throw error;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/**
 * Runs `work` in a transaction on a connection the caller holds (a graphile-worker job's
 * withPgClient: the worker process has no app pool, only its own). Same BEGIN + prelude as
 * runInTransaction; the caller releases the connection.
 */
export async function runInTransactionOn<T>(
  client: pg.PoolClient,
  prelude: string,
  work: (tx: TTx) => Promise<T>,
): Promise<T> {
  const logger = env().LOG_SQL ? new DefaultLogger() : new NoopLogger();
  const session = new NodePgSession<typeof schema, TSchemaTables>(client, dialect, relationalSchema, { logger });
  const tx = new NodePgTransaction<typeof schema, TSchemaTables>(dialect, session, relationalSchema);
  await client.query(`begin; ${hostSearchPathPrelude()}${prelude}`);
  try {
    const result = await work(tx);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

const sessionOf = new WeakMap<TTx, NodePgSession<typeof schema, TSchemaTables>>();

/** Statement names given so far; past the cap, new query texts run unnamed (bounded server memory). */
const preparedNames = new Set<string>();
const MAX_PREPARED_STATEMENTS = 200;

/**
 * Runs `query` in `tx` as a named prepared statement: each connection parses and plans a
 * given text once, then reuses the plan. Under RLS planning is the larger cost of a list
 * query (the policies' subqueries are planned with it): measured 2.32 ms unnamed, 1.45 ms
 * prepared for the admin list at 1M tickets. The name is a hash of the text, so a text
 * never meets another's statement; PostgreSQL replans by itself after a migration or for
 * another role. For queries whose best plan depends on a parameter's value, don't: a
 * generic plan cannot know how selective it is (see selectAdminTicketPage's text search).
 */
export async function executePrepared<T>(tx: TTx, query: SQL): Promise<T[]> {
  const unnamed = async () => (await tx.execute(query)).rows as T[];
  const session = sessionOf.get(tx);
  if (!session || !env().DB_PREPARED_STATEMENTS) return unnamed();
  const built = dialect.sqlToQuery(query);
  const name = `q_${createHash("sha1").update(built.sql).digest("base64url").slice(0, 20)}`;
  if (!preparedNames.has(name)) {
    if (preparedNames.size >= MAX_PREPARED_STATEMENTS) return unnamed();
    preparedNames.add(name);
  }
  const result = await session.prepareQuery(built, undefined, name, false).execute();
  return (result as { rows: T[] }).rows;
}

/**
 * The name to give drizzle's `.prepare(name)` for a query whose plan does not depend on its
 * parameters' values (a lookup by primary key, a ticket's messages), or "" — an unnamed
 * statement for node-postgres — when DB_PREPARED_STATEMENTS is false.
 */
export function statementName(name: string): string {
  return env().DB_PREPARED_STATEMENTS ? name : "";
}
