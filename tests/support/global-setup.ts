/**
 * Integration tests get a brand-new database for every run, created on the server named by
 * DATABASE_URL (e.g. the machine's PostgreSQL 15) or, when it is unset, on an embedded
 * PostgreSQL 18 kept under .data/test on port 54339 (apart from the app's own data and port).
 * The database is migrated with the app's runner, its URL is handed to test workers with
 * `project.provide("databaseUrl")` (read back with `inject`, see ./integration-setup.ts),
 * and it is dropped at teardown.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/server/db/embedded";
import { runMigrations } from "@/server/db/migrate";
import { env } from "@/server/env";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const EMBEDDED_TEST_PORT = 54339;
const DATABASE_PREFIX = "st_test_";
/** Databases left behind by runs that were killed before teardown are dropped after this long. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "support-tickets-test-setup" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(client: pg.Client, database: string): Promise<void> {
  await client.query(
    "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
    [database],
  );
  await client.query(`drop database if exists ${client.escapeIdentifier(database)}`);
}

async function dropStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [
    `${DATABASE_PREFIX}%`,
  ]);
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(DATABASE_PREFIX.length).split("_")[0]);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > STALE_AFTER_MS) {
      await dropDatabase(client, datname).catch(() => {});
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configuredUrl = env().DATABASE_URL;
  const server = configuredUrl
    ? { url: configuredUrl, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.resolve(".data/test"), port: EMBEDDED_TEST_PORT });

  const database = `${DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = withDatabase(server.url, database);
  try {
    await withClient(server.url, async (client) => {
      await dropStaleDatabases(client);
      await client.query(`create database ${client.escapeIdentifier(database)}`);
    });
    await runMigrations(databaseUrl);
  } catch (error) {
    await withClient(server.url, (client) => dropDatabase(client, database)).catch(() => {});
    await server.stop();
    throw error;
  }

  project.provide("databaseUrl", databaseUrl);

  return async () => {
    try {
      await withClient(server.url, (client) => dropDatabase(client, database));
    } finally {
      await server.stop();
    }
  };
}
