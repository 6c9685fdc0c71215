import "server-only";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { appointments, cannedReplies, courses, orders, supportTickets, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TCannedReply } from "./dto";

// Every query runs in the admin's RLS transaction: an admin reads the team's replies and their
// own; a student or tutor reads none (the policies require app.is_admin()).

const owner = alias(users, "owner");

export async function selectCannedReplies(tx: TTx, viewerId: string): Promise<TCannedReply[]> {
  return tx
    .select({
      id: cannedReplies.id,
      title: cannedReplies.title,
      bodyFr: cannedReplies.bodyFr,
      bodyEn: cannedReplies.bodyEn,
      isShared: cannedReplies.isShared,
      isMine: sql<boolean>`${cannedReplies.ownerId} = ${viewerId}`,
      ownerName: owner.name,
      usageCount: cannedReplies.usageCount,
    })
    .from(cannedReplies)
    .leftJoin(owner, eq(owner.id, cannedReplies.ownerId))
    .orderBy(desc(cannedReplies.usageCount), asc(cannedReplies.title), asc(cannedReplies.id))
    .limit(500);
}

export async function insertCannedReply(
  tx: TTx,
  values: { ownerId: string; title: string; bodyFr: string; bodyEn: string; isShared: boolean },
) {
  const [row] = await tx.insert(cannedReplies).values(values).returning({ id: cannedReplies.id });
  return row;
}

export async function updateCannedReply(
  tx: TTx,
  id: string,
  values: { title: string; bodyFr: string; bodyEn: string; isShared: boolean },
) {
  const [row] = await tx
    .update(cannedReplies)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(cannedReplies.id, id))
    .returning({ id: cannedReplies.id });
  return row;
}

export async function deleteCannedReply(tx: TTx, id: string): Promise<boolean> {
  const rows = await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id });
  return rows.length > 0;
}

/** Counts one use and returns both bodies, in one statement (undefined: not visible). */
export async function countCannedReplyUse(tx: TTx, id: string) {
  const [row] = await tx
    .update(cannedReplies)
    .set({ usageCount: sql`${cannedReplies.usageCount} + 1` })
    .where(eq(cannedReplies.id, id))
    .returning({ bodyFr: cannedReplies.bodyFr, bodyEn: cannedReplies.bodyEn });
  return row;
}

const student = alias(users, "student");

/** What the variables of a reply need about one ticket (undefined: not visible). */
export async function selectFillContext(tx: TTx, ticketId: string) {
  const [row] = await tx
    .select({
      number: supportTickets.number,
      subject: supportTickets.subject,
      studentFirstName: student.firstName,
      studentLastName: student.lastName,
      studentLocale: student.locale,
      appointmentStartsAt: appointments.startsAt,
      appointmentCourse: courses.title,
      orderDescription: orders.description,
    })
    .from(supportTickets)
    .innerJoin(student, eq(student.id, supportTickets.userId))
    .leftJoin(appointments, eq(appointments.id, supportTickets.appointmentId))
    .leftJoin(courses, and(eq(courses.id, appointments.courseId)))
    .leftJoin(orders, eq(orders.id, supportTickets.orderId))
    .where(eq(supportTickets.id, ticketId));
  return row;
}
