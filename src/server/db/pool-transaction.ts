import "server-only";
import type pg from "pg";

/**
 * `work` in one transaction on a connection of `pool` (plain pg, no RLS role: for the
 * limiters' own tables, which request roles never touch): committed when it resolves, rolled
 * back when it throws.
 */
export async function inPoolTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
