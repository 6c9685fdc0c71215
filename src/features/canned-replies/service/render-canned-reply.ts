import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { TRenderedCannedReply } from "../dto";
import { countCannedReplyUse, selectFillContext } from "../repository";
import type { TRenderCannedReplyInput } from "../schemas";
import { fillVariables } from "../variables";

/**
 * A reply filled for one ticket, on the server: in its student's language (English when they
 * chose it, French otherwise), its variables replaced by the ticket's values; a value the
 * ticket does not have (no appointment) leaves the variable as typed, for the admin to edit.
 * Counts one use (the picker's "most used first").
 */
export async function renderCannedReply(
  user: TSessionUser,
  input: TRenderCannedReplyInput,
): Promise<TRenderedCannedReply> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const context = await selectFillContext(tx, input.ticketId);
    if (!context) throw new AppError("NOT_FOUND");
    const reply = await countCannedReplyUse(tx, input.id);
    if (!reply) throw new AppError("NOT_FOUND");
    const locale = context.studentLocale === "en" ? "en" : "fr-CA";
    const date = context.appointmentStartsAt
      ? new Intl.DateTimeFormat(locale, {
          dateStyle: "long",
          timeStyle: "short",
          timeZone: env().APP_TIME_ZONE,
        }).format(context.appointmentStartsAt)
      : null;
    const text = fillVariables(locale === "en" ? reply.bodyEn : reply.bodyFr, {
      "student.first_name": context.studentFirstName,
      "student.last_name": context.studentLastName,
      "ticket.number": String(context.number),
      "ticket.subject": context.subject,
      "agent.first_name": user.firstName,
      "agent.last_name": user.lastName,
      "appointment.date": date,
      "appointment.course": context.appointmentCourse,
      "order.description": context.orderDescription,
    });
    return { text, locale };
  });
}
