import "server-only";
import { and, asc, count, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { appointments, courses, orders, supportTickets, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TAppointmentOption, TOrderOption, TStaffMember } from "../dto";

const tutor = alias(users, "tutor");

const appointmentColumns = {
  id: appointments.id,
  courseTitle: courses.title,
  tutorName: tutor.name,
  startsAt: appointments.startsAt,
  status: appointments.status,
};

const orderColumns = {
  id: orders.id,
  description: orders.description,
  totalCents: orders.totalCents,
  currency: orders.currency,
  status: orders.status,
  createdAt: orders.createdAt,
};

/** A student's appointments, most recent first (WHERE student_id keeps it on its index; RLS agrees). */
export async function selectStudentAppointments(
  tx: TTx,
  studentId: string,
  limit: number,
): Promise<TAppointmentOption[]> {
  return tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(courses, eq(courses.id, appointments.courseId))
    .leftJoin(tutor, eq(tutor.id, appointments.tutorId))
    .where(eq(appointments.studentId, studentId))
    .orderBy(desc(appointments.startsAt))
    .limit(limit);
}

export async function selectStudentOrders(tx: TTx, userId: string, limit: number): Promise<TOrderOption[]> {
  return tx
    .select(orderColumns)
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

export async function findAppointmentOf(tx: TTx, appointmentId: string, studentId: string) {
  const [row] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(and(eq(appointments.id, appointmentId), eq(appointments.studentId, studentId)));
  return row;
}

export async function findOrderOf(tx: TTx, orderId: string, userId: string) {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.userId, userId)));
  return row;
}

export async function selectAppointmentContext(tx: TTx, appointmentId: string): Promise<TAppointmentOption | null> {
  const [row] = await tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(courses, eq(courses.id, appointments.courseId))
    .leftJoin(tutor, eq(tutor.id, appointments.tutorId))
    .where(eq(appointments.id, appointmentId));
  return row ?? null;
}

export async function selectOrderContext(tx: TTx, orderId: string): Promise<TOrderOption | null> {
  const [row] = await tx.select(orderColumns).from(orders).where(eq(orders.id, orderId));
  return row ?? null;
}

export async function selectAdmins(tx: TTx): Promise<TStaffMember[]> {
  return tx
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(eq(users.role, "admin"))
    .orderBy(asc(users.lastName), asc(users.firstName));
}

export async function findUserName(tx: TTx, userId: string) {
  const [row] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  return row;
}

export async function findUserRole(tx: TTx, userId: string) {
  const [row] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId));
  return row?.role;
}

export async function selectStudentCard(tx: TTx, studentId: string) {
  const [person] = await tx
    .select({
      id: users.id,
      name: users.name,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      locale: users.locale,
      // Null in host mode (migration 0042: the contract has no creation date), so TStudentCard says Date | null.
      memberSince: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, studentId));
  if (!person) return null;
  const [tickets] = await tx
    .select({ total: count() })
    .from(supportTickets)
    .where(eq(supportTickets.userId, studentId));
  return {
    ...person,
    ticketCount: tickets?.total ?? 0,
    recentAppointments: await selectStudentAppointments(tx, studentId, 5),
    recentOrders: await selectStudentOrders(tx, studentId, 5),
  };
}
