import "server-only";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { env } from "../env";
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
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
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
