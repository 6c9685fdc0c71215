import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TStudentOption } from "../dto";
import { findStudentOption, selectStudentMatches } from "../repository";
import { STUDENT_SEARCH_LIMIT, type TStudentSearchInput } from "../schemas";

/** Admins only (checked here, in the database function and by RLS): students by the start of a name or email. */
export async function searchStudents(user: TSessionUser, input: TStudentSearchInput): Promise<TStudentOption[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectStudentMatches(tx, input.q, STUDENT_SEARCH_LIMIT));
}

/** The student a filter names (its chip), or null when the id is no student's. */
export async function findStudent(user: TSessionUser, studentId: string): Promise<TStudentOption | null> {
  assertRole(user, "admin");
  return withUser(user, (tx) => findStudentOption(tx, studentId));
}
