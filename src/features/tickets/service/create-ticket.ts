import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments/types";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput, validationError } from "@/server/validation";
import { findAppointmentOf, findOrderOf, insertTicket } from "../repository";
import { type TCreateTicketInput, ZCreateTicketInput } from "../schemas";
import { assertRole } from "./guards";
import { recordAttachments } from "./record-attachments";
import { recordTicketEvent } from "./record-event";

export type TCreatedTicket = { id: string; number: number };

export type TCreateTicketOptions = {
  /** The id to give the ticket: its files were stored under it before the row existed. */
  ticketId?: string;
  /** Files already in storage (receiveTicketUpload), attached to the ticket itself. */
  files?: readonly TStoredAttachmentFile[];
};

/**
 * Plan 3.1 createSupportTicket: students only; linked appointment/order must be theirs.
 * With `files`, their rows and `attachment_added` events are written in the same transaction.
 */
export async function createSupportTicket(
  user: TSessionUser,
  rawInput: TCreateTicketInput,
  options: TCreateTicketOptions = {},
): Promise<TCreatedTicket> {
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
      id: options.ticketId,
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
    if (options.files?.length)
      await recordAttachments(tx, user, { ticketId: ticket.id, messageId: null }, options.files);
    return { id: ticket.id, number: ticket.number };
  });
}
