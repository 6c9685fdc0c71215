/**
 * Database helpers for integration tests.
 *
 * - `testDatabaseUrl()`: the fresh database created for this run by ./global-setup.ts.
 * - `pointAppAtTestDatabase()`: points process.env.DATABASE_URL at it, so the app's own
 *   `getDb()`/`withUser()` (which read `env().DATABASE_URL`) use it. ./integration-setup.ts
 *   calls it in every worker before a test file is imported.
 * - `asUser` / `asAnon` / `asServiceRole`: run raw SQL under a database role with the
 *   request claim set, exactly like a request does, in a transaction that is rolled back
 *   unless `{ commit: true }`. They return the rows or the PostgreSQL error's SQLSTATE.
 *   The connection logs in as a superuser; every helper switches role first, and the
 *   role switch is transaction-local so nothing leaks into the next checkout.
 */
import pg from "pg";
import { inject } from "vitest";

export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url) throw new Error("No test database: run integration tests through the `integration` Vitest project.");
  return url;
}

export function pointAppAtTestDatabase(): void {
  process.env.DATABASE_URL = testDatabaseUrl();
}

let pool: pg.Pool | undefined;

/** A small pool for the helpers and factories, separate from the app's own pool. */
export function testPool(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: testDatabaseUrl(), max: 3, application_name: "support-tickets-tests" });
  return pool;
}

export async function closeTestPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.end();
}

export type TIdentity = { role: "authenticated"; userId: string } | { role: "anon" } | { role: "service_role" };

export type TRunOptions = {
  /** Commit instead of rolling back (the default). */
  commit?: boolean;
};

/**
 * Runs `work` on one connection inside a transaction as `identity`: `role` and
 * `request.jwt.claim.sub` are set with set_config(..., true), like the app's withUser().
 */
export async function runAs<T>(
  identity: TIdentity,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TRunOptions = {},
): Promise<T> {
  const client = await testPool().connect();
  try {
    await client.query("begin");
    await client.query("select set_config('request.jwt.claim.sub', $1, true), set_config('role', $2, true)", [
      identity.role === "authenticated" ? identity.userId : "",
      identity.role,
    ]);
    const result = await work(client);
    await client.query(options.commit ? "commit" : "rollback");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: rows of raw SQL are untyped unless the caller says otherwise
export type TRow = Record<string, any>;

export type TSqlOutcome<R extends TRow = TRow> =
  | { ok: true; rows: R[]; rowCount: number }
  | { ok: false; code: string; message: string };

/** The SQLSTATE of a PostgreSQL error, also when wrapped (e.g. in a DrizzleQueryError's `cause`). */
export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    if (current instanceof pg.DatabaseError) return current.code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function outcome<R extends TRow>(
  identity: TIdentity,
  text: string,
  params: unknown[],
  options: TRunOptions,
): Promise<TSqlOutcome<R>> {
  try {
    return await runAs(
      identity,
      async (client) => {
        const result = await client.query<R>(text, params);
        return { ok: true as const, rows: result.rows, rowCount: result.rowCount ?? 0 };
      },
      options,
    );
  } catch (error) {
    const code = sqlState(error);
    if (!code) throw error;
    return { ok: false, code, message: (error as Error).message };
  }
}

/** One statement as the `authenticated` role with auth.uid() = userId. */
export function asUser<R extends TRow = TRow>(
  userId: string,
  text: string,
  params: unknown[] = [],
  options: TRunOptions = {},
): Promise<TSqlOutcome<R>> {
  return outcome<R>({ role: "authenticated", userId }, text, params, options);
}

/** One statement as the `anon` role, with no claim. */
export function asAnon<R extends TRow = TRow>(
  text: string,
  params: unknown[] = [],
  options: TRunOptions = {},
): Promise<TSqlOutcome<R>> {
  return outcome<R>({ role: "anon" }, text, params, options);
}

/** One statement as `service_role` (BYPASSRLS): how tests look behind the policies. */
export function asServiceRole<R extends TRow = TRow>(
  text: string,
  params: unknown[] = [],
  options: TRunOptions = {},
): Promise<TSqlOutcome<R>> {
  return outcome<R>({ role: "service_role" }, text, params, options);
}

/** The rows of a statement that must succeed (throws with the SQLSTATE otherwise). */
export function rowsOf<R extends TRow>(result: TSqlOutcome<R>): R[] {
  if (!result.ok) throw new Error(`expected the statement to succeed, got ${result.code}: ${result.message}`);
  return result.rows;
}

/**
 * Leaves no job to run and no email to send: the queued jobs become failed rows (graphile-worker's
 * own API) and pending emails are marked failed, so the next worker started sends only what comes
 * after. Every integration file starts with it; a test that starts a worker after other tests of
 * its file queued emails for every admin calls it too, or its own email waits behind theirs.
 */
export async function clearLeftoverWork(): Promise<void> {
  const client = await testPool().connect();
  try {
    await client.query("begin");
    // graphile-worker's own API: the jobs stay as failed rows and never run.
    await client.query(
      `select graphile_worker.permanently_fail_jobs(array(select id from graphile_worker.jobs where locked_at is null),
              'left by an earlier test file')`,
    );
    // The worker's start-up sweep gives due pending emails their job back: none are left pending.
    await client.query(
      `update public.email_notifications
          set state = 'failed', last_error = 'left by an earlier test file', updated_at = now()
        where state in ('pending', 'sending')`,
    );
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
