/**
 * Statements as PostgREST runs them on Supabase: one transaction, `SET LOCAL ROLE` to the JWT's
 * role, and the claims in one of the two forms Supabase's auth.uid() reads. Rolled back always.
 */
import pg from "pg";

/** `json`: `request.jwt.claims` only, as PostgREST 9+ sets it; `legacy`: `request.jwt.claim.sub` only. */
export type TClaimForm = "json" | "legacy";

export type TCaller = { role: "authenticated"; userId: string } | { role: "anon" };

export type TOutcome = { ok: true; rows: Record<string, unknown>[] } | { ok: false; code: string; message: string };

export async function runAsCaller(
  pool: pg.Pool,
  caller: TCaller,
  form: TClaimForm,
  text: string,
  params: unknown[] = [],
): Promise<TOutcome> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const sub = caller.role === "authenticated" ? caller.userId : undefined;
    if (form === "json") {
      const claims = sub ? { sub, role: caller.role, aud: "authenticated" } : { role: caller.role };
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
    } else {
      await client.query("select set_config('request.jwt.claim.sub', $1, true)", [sub ?? ""]);
    }
    await client.query("select set_config('role', $1, true)", [caller.role]);
    try {
      return { ok: true, rows: (await client.query(text, params)).rows };
    } catch (error) {
      if (error instanceof pg.DatabaseError && error.code)
        return { ok: false, code: error.code, message: error.message };
      throw error;
    }
  } finally {
    await client.query("rollback").catch(() => {});
    client.release();
  }
}
