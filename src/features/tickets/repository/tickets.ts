import "server-only";
import { eq, sql } from "drizzle-orm";
import { statementName } from "@/server/db/client";
import { supportTickets, type TTicketPriority, type TTicketStatus, ticketCategories, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";

export type TTicketState = {
  id: string;
  number: number;
  userId: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  assignedTo: string | null;
  version: number;
};

const stateColumns = {
  id: supportTickets.id,
  number: supportTickets.number,
  userId: supportTickets.userId,
  status: supportTickets.status,
  priority: supportTickets.priority,
  assignedTo: supportTickets.assignedTo,
  version: supportTickets.version,
};

/** The ticket as the caller may see it (RLS), without locking. */
export async function findTicketState(tx: TTx, ticketId: string): Promise<TTicketState | undefined> {
  const [row] = await tx.select(stateColumns).from(supportTickets).where(eq(supportTickets.id, ticketId));
  return row;
}

/**
 * Locks the ticket row until the transaction ends, so concurrent changes queue up and each
 * sees the other's result, and reads in the same statement all that a change and its event
 * need (the one read of the row per change). Returns undefined when the caller may not
 * update it (the UPDATE policy applies to FOR UPDATE): not theirs, or a student's closed ticket.
 */
export async function lockTicket(tx: TTx, ticketId: string): Promise<TTicketSnapshot | undefined> {
  const [row] = await tx
    .select({
      ...stateColumns,
      // A subquery, not a join: FOR UPDATE must lock the ticket, not its student's row.
      userEmail: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${supportTickets.userId})`,
      subject: supportTickets.subject,
      category: supportTickets.category,
      appointmentId: supportTickets.appointmentId,
      orderId: supportTickets.orderId,
      createdAt: supportTickets.createdAt,
    })
    .from(supportTickets)
    .where(eq(supportTickets.id, ticketId))
    .for("update");
  return row;
}

/**
 * Inserts a ticket if its category exists, is active and the request carries the link the
 * category requires (its request template, migration 0027), in one statement (no separate
 * lookup): undefined means it was refused — findCategory tells why.
 */
export async function insertTicket(
  tx: TTx,
  values: {
    /** Chosen by the caller when files are stored under the ticket's id before the row exists. */
    id?: string;
    userId: string;
    subject: string;
    description: string;
    category: string;
    appointmentId: string | null;
    orderId: string | null;
  },
) {
  const result = await tx.execute<{
    id: string;
    number: number;
    status: TTicketStatus;
    priority: TTicketPriority;
    created_at: string;
    version: number;
  }>(sql`
    insert into support_tickets (id, user_id, subject, description, category, appointment_id, order_id)
    select coalesce(${values.id ?? null}::uuid, gen_random_uuid()), ${values.userId}, ${values.subject},
           ${values.description}, c.slug, ${values.appointmentId}, ${values.orderId}
      from ticket_categories c
     where c.slug = ${values.category} and c.is_active
       and (c.required_link is null
            or (c.required_link = 'order' and ${values.orderId}::uuid is not null)
            or (c.required_link = 'appointment' and ${values.appointmentId}::uuid is not null))
    returning id, number, status, priority, created_at, version
  `);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    priority: row.priority,
    createdAt: new Date(row.created_at),
    version: row.version,
  };
}

/**
 * Updates a locked ticket. The guard trigger sets updated_at, resolved_at and bumps version;
 * it also moves public_activity_at when the status or "assigned or not" changes, or when
 * `publicActivity` says the student can see something new (a public message).
 */
export async function updateTicket(
  tx: TTx,
  ticketId: string,
  values: Partial<{ status: TTicketStatus; priority: TTicketPriority; assignedTo: string | null }>,
  options: { publicActivity?: boolean } = {},
) {
  const [row] = await tx
    .update(supportTickets)
    .set({
      ...values,
      updatedAt: sql`now()`,
      ...(options.publicActivity ? { publicActivityAt: sql`clock_timestamp()` } : {}),
    })
    .where(eq(supportTickets.id, ticketId))
    .returning({
      version: supportTickets.version,
      status: supportTickets.status,
      priority: supportTickets.priority,
      assignedTo: supportTickets.assignedTo,
      updatedAt: supportTickets.updatedAt,
      resolvedAt: supportTickets.resolvedAt,
    });
  if (!row) throw new Error("update of a locked ticket matched no row");
  return row;
}

export async function deleteTicket(tx: TTx, ticketId: string): Promise<boolean> {
  const rows = await tx
    .delete(supportTickets)
    .where(eq(supportTickets.id, ticketId))
    .returning({ id: supportTickets.id });
  return rows.length > 0;
}

/**
 * The ticket for its details page, and whether it is unread for `viewerId` — by the lists'
 * own rule (selectStudentTicketPage, selectAdminTicketPage): for its student, a public
 * message from someone else since their last read; for an admin, the ticket's creation or
 * a student message since theirs. Opening a ticket writes a read marker only when it is
 * unread, so viewing a ticket again is a read-only transaction.
 */
export async function selectTicketDetailsRow(tx: TTx, ticketId: string, viewerId: string) {
  const viewer = sql.placeholder("viewerId");
  const [row] = await tx
    .select({
      id: supportTickets.id,
      number: supportTickets.number,
      userId: supportTickets.userId,
      subject: supportTickets.subject,
      description: supportTickets.description,
      category: supportTickets.category,
      categoryLabelFr: ticketCategories.labelFr,
      categoryLabelEn: ticketCategories.labelEn,
      status: supportTickets.status,
      priority: supportTickets.priority,
      version: supportTickets.version,
      assignedTo: supportTickets.assignedTo,
      appointmentId: supportTickets.appointmentId,
      orderId: supportTickets.orderId,
      createdAt: supportTickets.createdAt,
      updatedAt: supportTickets.updatedAt,
      resolvedAt: supportTickets.resolvedAt,
      publicActivityAt: supportTickets.publicActivityAt,
      // Columns of the outer row written out in full: inside the subqueries, drizzle's bare
      // "id" / "user_id" would bind to ticket_messages' own columns.
      unread: sql<boolean>`(
        with seen as (
          select coalesce(
            (select r.last_read_at from public.ticket_reads r
              where r.ticket_id = support_tickets.id and r.user_id = ${viewer}),
            '-infinity'::timestamptz) as at
        )
        select case when support_tickets.user_id = ${viewer}
          then exists (
            select 1 from public.ticket_messages m, seen
            where m.ticket_id = support_tickets.id and not m.is_internal
              and m.user_id <> ${viewer} and m.created_at > seen.at)
          else support_tickets.created_at > (select at from seen) or exists (
            select 1 from public.ticket_messages m, seen
            where m.ticket_id = support_tickets.id and m.user_id = support_tickets.user_id
              and m.created_at > seen.at)
        end
      )`,
    })
    .from(supportTickets)
    .leftJoin(ticketCategories, eq(ticketCategories.slug, supportTickets.category))
    .where(eq(supportTickets.id, sql.placeholder("ticketId")))
    .prepare(statementName("ticket_details_row"))
    .execute({ ticketId, viewerId });
  return row;
}
