/**
 * `npm run db:migrate` on a database it cannot install into (issue 20): the error names the
 * migration file and carries PostgreSQL's own message, SQLSTATE and hint, where drizzle alone
 * said only "Failed query: <sql>". The conflict here is a function app.is_admin() of another
 * shape already in the database, as a host database might have.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MigrationError, runMigrations } from "@/server/db/migrate";
import { testDatabaseUrl } from "../support/db";

const database = `st_test_${Date.now()}_${randomBytes(4).toString("hex")}_migerr`;

function urlOf(name: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(text: string, name = new URL(testDatabaseUrl()).pathname.slice(1)): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await onServer(`create database ${database}`);
  await onServer(
    "create schema app; create function app.is_admin() returns integer language sql as 'select 1'",
    database,
  );
});

afterAll(async () => {
  await onServer(`drop database if exists ${database} with (force)`).catch(() =>
    onServer(`drop database if exists ${database}`),
  );
});

it("names the failing migration and gives PostgreSQL's message, SQLSTATE and hint", async () => {
  const failure = await runMigrations(urlOf(database)).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(MigrationError);
  const error = failure as MigrationError;
  expect({ migration: error.migration, sqlState: error.sqlState }).toEqual({
    migration: "0001_rls_roles_and_rules.sql",
    sqlState: "42P13",
  });
  expect(error.message).toContain(
    "migration 0001_rls_roles_and_rules.sql failed: cannot change return type of existing function",
  );
  expect(error.message).toContain("hint: Use DROP FUNCTION app.is_admin() first.");
  expect(error.message).toContain("statement: CREATE OR REPLACE FUNCTION app.is_admin() RETURNS boolean");
  expect(error.message).not.toContain("Failed query");
});
