import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";

/** The closing delay admins set (app_settings.auto_close_days, 0 = never). */
export async function selectAutoCloseDays(tx: TTx): Promise<number> {
  const result = await tx.execute<{ auto_close_days: number }>(sql`select auto_close_days from app.public_settings()`);
  return Number(result.rows[0]?.auto_close_days ?? 0);
}

/**
 * The next resolved tickets due to close (resolved at or before `cutoff`), oldest resolution
 * first, after `after` — on the partial (resolved_at, id) index of migration 0030.
 */
export async function selectTicketsDueToClose(
  tx: TTx,
  options: { cutoff: Date; after: { resolvedAt: string; id: string } | null; limit: number },
): Promise<{ id: string; resolvedAt: string }[]> {
  const after = options.after
    ? sql`and (t.resolved_at, t.id) > (${options.after.resolvedAt}::timestamptz, ${options.after.id}::uuid)`
    : sql``;
  const result = await tx.execute<{ id: string; resolved_at_text: string }>(sql`
    select t.id, to_char(t.resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as resolved_at_text
      from support_tickets t
     where t.status = 'resolved' and t.resolved_at <= ${options.cutoff.toISOString()}::timestamptz ${after}
     order by t.resolved_at, t.id
     limit ${options.limit}
  `);
  return result.rows.map((row) => ({ id: row.id, resolvedAt: row.resolved_at_text }));
}

/**
 * Row-locks one ticket if it is still resolved since `cutoff` or earlier: a student's reply
 * meanwhile reopened it (or an admin moved it) and it must not close.
 */
export async function lockTicketIfStillDue(tx: TTx, ticketId: string, cutoff: Date): Promise<boolean> {
  const result = await tx.execute(sql`
    select 1 from support_tickets
     where id = ${ticketId}::uuid and status = 'resolved' and resolved_at <= ${cutoff.toISOString()}::timestamptz
       for update
  `);
  return result.rows.length > 0;
}
