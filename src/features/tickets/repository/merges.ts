import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";

// Merging a duplicate request into another (migration 0028): the duplicate points at its
// target; the target's thread shows the duplicate's messages and files (read by the queries in
// messages.ts), nothing is moved or copied.

export async function findMergeState(tx: TTx, ticketId: string) {
  const result = await tx.execute<{ merged_into_id: string | null; locale: string | null }>(sql`
    select t.merged_into_id, (select u.locale from users u where u.id = t.user_id) as locale
    from support_tickets t where t.id = ${ticketId}
  `);
  const row = result.rows[0];
  return row ? { mergedIntoId: row.merged_into_id, studentLocale: row.locale } : undefined;
}

/** The merge guard trigger checks the rules again (same student, target open and not merged). */
export async function setMergedInto(tx: TTx, sourceId: string, targetId: string): Promise<void> {
  await tx.execute(sql`update support_tickets set merged_into_id = ${targetId} where id = ${sourceId}`);
}

/** Where a ticket was merged, and what was merged into it (for its page). */
export async function selectMergeLinks(tx: TTx, ticketId: string) {
  const result = await tx.execute<{ kind: "into" | "from"; id: string; number: number; subject: string }>(sql`
    select 'into' as kind, m.id, m.number, m.subject
      from support_tickets t join support_tickets m on m.id = t.merged_into_id where t.id = ${ticketId}
    union all
    select 'from', s.id, s.number, s.subject from support_tickets s where s.merged_into_id = ${ticketId}
    order by 1, 3
  `);
  const into = result.rows.find((row) => row.kind === "into");
  return {
    mergedInto: into ? { id: into.id, number: into.number } : null,
    mergedFrom: result.rows
      .filter((row) => row.kind === "from")
      .map((row) => ({ id: row.id, number: row.number, subject: row.subject })),
  };
}

/** The student's other requests a ticket could be merged into: not closed, not merged. */
export async function selectMergeCandidates(tx: TTx, ticketId: string, studentId: string) {
  const result = await tx.execute<{ id: string; number: number; subject: string }>(sql`
    select t.id, t.number, t.subject from support_tickets t
    where t.user_id = ${studentId} and t.id <> ${ticketId} and t.status_rank < 4 and t.merged_into_id is null
    order by t.created_at desc, t.id desc limit 50
  `);
  return result.rows;
}
