import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  supportTickets,
  TICKET_STATUSES,
  ticketCategories,
  ticketMessages,
  ticketReads,
  users,
} from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TAdminTicketListItem, TCategory, TStatusCounts, TStudentTicketListItem } from "./dto";

// The only place in the tickets feature that writes queries. Every function takes the
// caller's transaction (see withUser), so row-level security applies to all of them.

export async function selectCategories(tx: TTx): Promise<TCategory[]> {
  return tx
    .select({
      slug: ticketCategories.slug,
      labelFr: ticketCategories.labelFr,
      labelEn: ticketCategories.labelEn,
      isActive: ticketCategories.isActive,
      sortOrder: ticketCategories.sortOrder,
    })
    .from(ticketCategories)
    .orderBy(asc(ticketCategories.sortOrder), asc(ticketCategories.slug));
}

/** A student's most recent tickets. `WHERE user_id` keeps the query on the (user_id, …) index; RLS is the second wall. */
export async function selectStudentTickets(tx: TTx, userId: string, limit: number): Promise<TStudentTicketListItem[]> {
  const rows = await tx
    .select({
      id: supportTickets.id,
      number: supportTickets.number,
      subject: supportTickets.subject,
      category: supportTickets.category,
      status: supportTickets.status,
      isAssigned: sql<boolean>`${supportTickets.assignedTo} is not null`,
      createdAt: supportTickets.createdAt,
      updatedAt: supportTickets.updatedAt,
      unread: sql<boolean>`exists (
        select 1 from ${ticketMessages} m
        where m.ticket_id = ${supportTickets.id} and not m.is_internal and m.user_id <> ${userId}
          and m.created_at > coalesce(
            (select r.last_read_at from ${ticketReads} r where r.ticket_id = ${supportTickets.id} and r.user_id = ${userId}),
            '-infinity'::timestamptz))`,
    })
    .from(supportTickets)
    .where(eq(supportTickets.userId, userId))
    .orderBy(desc(supportTickets.updatedAt), desc(supportTickets.id))
    .limit(limit);
  return rows;
}

export async function countTicketsByStatus(tx: TTx): Promise<TStatusCounts> {
  const rows = await tx
    .select({ status: supportTickets.status, count: sql<number>`count(*)::int` })
    .from(supportTickets)
    .groupBy(supportTickets.status);
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as TStatusCounts;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export async function selectRecentTickets(tx: TTx, limit: number): Promise<TAdminTicketListItem[]> {
  const student = alias(users, "student");
  const assignee = alias(users, "assignee");
  return tx
    .select({
      id: supportTickets.id,
      number: supportTickets.number,
      subject: supportTickets.subject,
      category: supportTickets.category,
      status: supportTickets.status,
      priority: supportTickets.priority,
      studentName: student.name,
      assigneeName: assignee.name,
      createdAt: supportTickets.createdAt,
      updatedAt: supportTickets.updatedAt,
    })
    .from(supportTickets)
    .innerJoin(student, eq(student.id, supportTickets.userId))
    .leftJoin(assignee, and(eq(assignee.id, supportTickets.assignedTo)))
    .orderBy(desc(supportTickets.createdAt), desc(supportTickets.id))
    .limit(limit);
}
