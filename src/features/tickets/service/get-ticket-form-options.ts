import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TAppointmentOption, TCategory, TOrderOption, TStaffMember } from "../dto";
import { selectAdmins, selectCategories, selectStudentAppointments, selectStudentOrders } from "../repository";

const OPTION_LIMIT = 50;

/** Plan 3.1 getStudentAppointmentsForTicket: the student's appointments for the form's dropdown. */
export async function getStudentAppointmentsForTicket(user: TSessionUser): Promise<TAppointmentOption[]> {
  assertRole(user, "student");
  return withUser(user, (tx) => selectStudentAppointments(tx, user.id, OPTION_LIMIT));
}

/** Plan 3.1 getStudentOrdersForTicket: the student's orders for the form's dropdown. */
export async function getStudentOrdersForTicket(user: TSessionUser): Promise<TOrderOption[]> {
  assertRole(user, "student");
  return withUser(user, (tx) => selectStudentOrders(tx, user.id, OPTION_LIMIT));
}

/** Plan 3.2 getAdminsForAssignment. */
export async function getAdminsForAssignment(user: TSessionUser): Promise<TStaffMember[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectAdmins(tx));
}

/** Categories for forms and filters; `activeOnly` for new tickets. */
export async function listCategories(user: TSessionUser, options: { activeOnly?: boolean } = {}): Promise<TCategory[]> {
  const categories = await withUser(user, (tx) => selectCategories(tx));
  return options.activeOnly ? categories.filter((c) => c.isActive) : categories;
}
