import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput, validationError } from "@/server/validation";
import { findAppointmentOf, findOrderOf, insertTicket } from "../repository";
import { type TCreateTicketInput, ZCreateTicketInput } from "../schemas";
import { assertRole } from "./guards";
import { recordTicketEvent } from "./record-event";

export type TCreatedTicket = { id: string; number: number };

/** Plan 3.1 createSupportTicket: students only; linked appointment/order must be theirs. */
export async function createSupportTicket(user: TSessionUser, rawInput: TCreateTicketInput): Promise<TCreatedTicket> {
  assertRole(user, "student");
  const input = parseInput(ZCreateTicketInput, rawInput);
  return withUser(user.id, async (tx) => {
    if (input.appointmentId && !(await findAppointmentOf(tx, input.appointmentId, user.id))) {
      throw validationError("appointmentId", "appointmentNotYours");
    }
    if (input.orderId && !(await findOrderOf(tx, input.orderId, user.id))) {
      throw validationError("orderId", "orderNotYours");
    }
    const ticket = await insertTicket(tx, {
      userId: user.id,
      subject: input.subject,
      description: input.description,
      category: input.category,
      appointmentId: input.appointmentId,
      orderId: input.orderId,
    });
    if (!ticket) throw validationError("category", "categoryInvalid");
    // No read marker: a ticket is unread for its student only when someone else writes.
    await recordTicketEvent(
      tx,
      user,
      { ticketId: ticket.id, type: "created", toValue: ticket.status },
      {
        ticket: {
          ...ticket,
          userId: user.id,
          userEmail: user.email,
          subject: input.subject,
          category: input.category,
          appointmentId: input.appointmentId,
          orderId: input.orderId,
        },
      },
    );
    return { id: ticket.id, number: ticket.number };
  });
}
