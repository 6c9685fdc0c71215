import "server-only";
import type pg from "pg";
import { env } from "../env";
import { hostSearchPathPrelude } from "./client";

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
  // Host mode: the host's rows through host_compat, as in every app transaction (client.ts).
  const hostMode = env().HOST_MODE;
  if (scope === "session") {
    await client.query(
      hostMode
        ? "set role service_role; select set_config('search_path', 'host_compat, ' || current_setting('search_path'), false)"
        : "set role service_role",
    );
    try {
      return await work();
    } finally {
      await client.query(hostMode ? "reset role; reset search_path" : "reset role");
    }
  }
  await client.query("begin");
  try {
    await client.query(`${hostSearchPathPrelude()}select set_config('role', 'service_role', true)`);
    const result = await work();
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}
