import { appointments, courses, orders } from "@/server/db/schema";
import { asServiceRoleTx, only, pick, uniqueSuffix } from "./service-db";
import { createTutor } from "./users";

export type TCourseRow = typeof courses.$inferSelect;
export type TAppointmentRow = typeof appointments.$inferSelect;
export type TOrderRow = typeof orders.$inferSelect;

const COURSES = [
  { title: "Mathématiques secondaire 4", subject: "Mathématiques" },
  { title: "Français écrit", subject: "Français" },
  { title: "Chimie générale", subject: "Sciences" },
  { title: "Anglais langue seconde", subject: "Anglais" },
] as const;

export function createCourse(
  overrides: Partial<Pick<TCourseRow, "code" | "title" | "subject">> = {},
): Promise<TCourseRow> {
  const course = pick(COURSES);
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(courses)
        .values({
          code: overrides.code ?? `CRS-${uniqueSuffix()}`,
          title: overrides.title ?? course.title,
          subject: overrides.subject ?? course.subject,
        })
        .returning(),
    ),
  );
}

/** An appointment of `studentId`; creates a tutor and a course when not given. */
export async function createAppointment(input: {
  studentId: string;
  tutorId?: string;
  courseId?: string;
  startsAt?: Date;
  status?: TAppointmentRow["status"];
}): Promise<TAppointmentRow> {
  const tutorId = input.tutorId ?? (await createTutor()).id;
  const courseId = input.courseId ?? (await createCourse()).id;
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(appointments)
        .values({
          studentId: input.studentId,
          tutorId,
          courseId,
          startsAt: input.startsAt ?? new Date(Date.now() + 3 * 24 * 60 * 60 * 1000),
          status: input.status ?? "scheduled",
        })
        .returning(),
    ),
  );
}

export function createOrder(input: {
  userId: string;
  totalCents?: number;
  status?: TOrderRow["status"];
  description?: string;
}): Promise<TOrderRow> {
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(orders)
        .values({
          userId: input.userId,
          description: input.description ?? "Forfait de 10 séances de tutorat",
          totalCents: input.totalCents ?? 45_000,
          status: input.status ?? "paid",
        })
        .returning(),
    ),
  );
}
