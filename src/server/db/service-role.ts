import "server-only";
import type pg from "pg";

/** A connection that can run SQL: a pg PoolClient (graphile-worker's withPgClient, scripts, tests). */
export type TSqlClient = Pick<pg.ClientBase, "query">;

/**
 * Runs `work` on `client` as `service_role` (BYPASSRLS): trusted system work only (the
 * worker, the sweep, seeding), never scoped by what a user sent.
 *
 * - `"transaction"` (default): BEGIN, the role set for this transaction only, COMMIT (ROLLBACK
 *   on error). Nothing outlives the call, whatever the connection is used for next.
 * - `"session"`: for a dedicated connection whose work commits piece by piece (the webhook
 *   delivery loop records each outcome before sending the next event, under a session
 *   advisory lock): the role stays until RESET ROLE in `finally`, so the connection goes back
 *   to its pool as the login role.
 */
export async function asServiceRole<T>(
  client: TSqlClient,
  work: () => Promise<T>,
  scope: "transaction" | "session" = "transaction",
): Promise<T> {
  if (scope === "session") {
    await client.query("set role service_role");
    try {
      return await work();
    } finally {
      await client.query("reset role");
    }
  }
  await client.query("begin");
  try {
    await client.query("select set_config('role', 'service_role', true)");
    const result = await work();
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}
