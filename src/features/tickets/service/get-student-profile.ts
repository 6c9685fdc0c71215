import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { assertUuid } from "@/server/validation";
import type { TStudentCard } from "../dto";
import { findUserRole, selectStudentCard } from "../repository";

/**
 * A student as the admin's requester page shows them: the same card as on a ticket (identity,
 * appointments, orders). NOT_FOUND for an id that is no student's; the page lists their tickets
 * with the admin list's student filter.
 */
export async function getStudentProfile(user: TSessionUser, studentId: string): Promise<TStudentCard> {
  assertRole(user, "admin");
  assertUuid(studentId, "studentId");
  return withUser(user, async (tx) => {
    if ((await findUserRole(tx, studentId)) !== "student") throw new AppError("NOT_FOUND");
    const card = await selectStudentCard(tx, studentId);
    if (!card) throw new AppError("NOT_FOUND");
    return card;
  });
}
