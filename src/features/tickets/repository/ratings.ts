import "server-only";
import { sql } from "drizzle-orm";
import type { TTicketStatus } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";

// Satisfaction ratings (issue 16, migration 0026). The resolution a rating belongs to is the
// ticket's resolved_at, always read in SQL (never sent back from JavaScript, whose dates stop at
// the millisecond while PostgreSQL's keep microseconds).

export type TRatingRow = {
  id: string;
  score: number;
  comment: string | null;
  resolvedAt: Date;
  createdAt: Date;
  updatedAt: Date;
};

type TRawRating = {
  id: string;
  score: number;
  comment: string | null;
  resolved_at: string | Date;
  created_at: string | Date;
  updated_at: string | Date;
};

const toRating = (row: TRawRating): TRatingRow => ({
  id: row.id,
  score: Number(row.score),
  comment: row.comment,
  resolvedAt: new Date(row.resolved_at),
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

/**
 * The ticket as a rating needs it, without a row lock: a rating changes no ticket column, and a
 * student may rate a ticket they closed (the UPDATE policy, hence FOR UPDATE, refuses them a
 * closed ticket). Concurrent ratings of one resolution meet on the table's unique key.
 */
export async function selectTicketForRating(
  tx: TTx,
  ticketId: string,
): Promise<(TTicketSnapshot & { resolvedAt: Date | null }) | undefined> {
  const result = await tx.execute<{
    id: string;
    number: number;
    user_id: string;
    user_email: string | null;
    subject: string;
    category: string;
    status: TTicketStatus;
    priority: TTicketSnapshot["priority"];
    assigned_to: string | null;
    appointment_id: string | null;
    order_id: string | null;
    created_at: string | Date;
    version: number;
    resolved_at: string | Date | null;
  }>(sql`
    select t.id, t.number, t.user_id, (select u.email from users u where u.id = t.user_id) as user_email,
           t.subject, t.category, t.status, t.priority, t.assigned_to, t.appointment_id, t.order_id,
           t.created_at, t.version, t.resolved_at
      from support_tickets t where t.id = ${ticketId}
  `);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    number: row.number,
    userId: row.user_id,
    userEmail: row.user_email,
    subject: row.subject,
    category: row.category,
    status: row.status,
    priority: row.priority,
    assignedTo: row.assigned_to,
    appointmentId: row.appointment_id,
    orderId: row.order_id,
    createdAt: new Date(row.created_at),
    version: row.version,
    resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
  };
}

/** The rating of the ticket's current resolution, if any. */
export async function selectCurrentRating(tx: TTx, ticketId: string): Promise<TRatingRow | undefined> {
  const result = await tx.execute<TRawRating>(sql`
    select r.id, r.score, r.comment, r.resolved_at, r.created_at, r.updated_at
      from ticket_ratings r join support_tickets t on t.id = r.ticket_id and t.resolved_at = r.resolved_at
     where r.ticket_id = ${ticketId}
  `);
  const row = result.rows[0];
  return row ? toRating(row) : undefined;
}

/**
 * Rates the ticket's current resolution, or changes that rating while it is less than
 * `changeDays` old; undefined when the change came too late (or the resolution is gone).
 */
export async function upsertCurrentRating(
  tx: TTx,
  values: { ticketId: string; userId: string; score: number; comment: string | null; changeDays: number },
): Promise<TRatingRow | undefined> {
  const result = await tx.execute<TRawRating>(sql`
    insert into ticket_ratings (ticket_id, user_id, resolved_at, score, comment)
    select t.id, ${values.userId}, t.resolved_at, ${values.score}, ${values.comment}
      from support_tickets t where t.id = ${values.ticketId} and t.resolved_at is not null
    on conflict (ticket_id, resolved_at) do update set score = excluded.score, comment = excluded.comment
     where ticket_ratings.created_at > now() - make_interval(days => ${values.changeDays})
    returning id, score, comment, resolved_at, created_at, updated_at
  `);
  const row = result.rows[0];
  return row ? toRating(row) : undefined;
}

/** Every rating of a ticket (one per resolution), newest resolution first: the admin's view. */
export async function selectTicketRatings(tx: TTx, ticketId: string): Promise<TRatingRow[]> {
  const result = await tx.execute<TRawRating>(sql`
    select r.id, r.score, r.comment, r.resolved_at, r.created_at, r.updated_at
      from ticket_ratings r where r.ticket_id = ${ticketId}
     order by r.resolved_at desc
  `);
  return result.rows.map(toRating);
}
