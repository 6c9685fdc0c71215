import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";
import { validationError } from "@/server/validation";
import { findAppointmentOf, findCategory, findOrderOf, insertTicket } from "../repository";
import type { TCreateTicketInput } from "../schemas";
import { autoAssignNewTicket } from "./auto-assign";
import { recordAttachments } from "./record-attachments";
import { emitTicketEvent } from "./ticket-change";

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
  input: TCreateTicketInput,
  options: TCreateTicketOptions = {},
): Promise<TCreatedTicket> {
  assertRole(user, "student");
  return withUser(user, (tx) => createSupportTicketInTransaction(tx, user, input, options));
}

/**
 * createSupportTicket inside a transaction the caller opened with withUser(user): for a
 * write that must commit with something else (the upload route's Idempotency-Key answer).
 */
export async function createSupportTicketInTransaction(
  tx: TTx,
  user: TSessionUser,
  input: TCreateTicketInput,
  options: TCreateTicketOptions = {},
): Promise<TCreatedTicket> {
  assertRole(user, "student");
  const appointmentId = input.appointmentId || null;
  const orderId = input.orderId || null;
  if (appointmentId && !(await findAppointmentOf(tx, appointmentId, user.id))) {
    throw validationError("appointmentId", "appointmentNotYours");
  }
  if (orderId && !(await findOrderOf(tx, orderId, user.id))) {
    throw validationError("orderId", "orderNotYours");
  }
  const created = await insertTicket(tx, {
    id: options.ticketId,
    userId: user.id,
    subject: input.subject,
    description: input.description,
    category: input.category,
    appointmentId,
    orderId,
  });
  if (!created) {
    // Refused: only now read why (a required link missing, or a category that cannot be chosen).
    const category = await findCategory(tx, input.category);
    if (category?.isActive && category.requiredLink === "order") throw validationError("orderId", "orderRequired");
    if (category?.isActive && category.requiredLink === "appointment") {
      throw validationError("appointmentId", "appointmentRequired");
    }
    throw validationError("category", "categoryInvalid");
  }
  // What the insert returned and what we sent: no read of the new row.
  const ticket: TTicketSnapshot = {
    id: created.id,
    number: created.number,
    userId: user.id,
    userEmail: user.email,
    subject: input.subject,
    category: input.category,
    status: created.status,
    priority: created.priority,
    assignedTo: null,
    appointmentId,
    orderId,
    createdAt: created.createdAt,
    version: created.version,
  };
  // No read marker: a ticket is unread for its student only when someone else writes.
  await emitTicketEvent(tx, user, { type: "created", ticket });
  if (options.files?.length) await recordAttachments(tx, user, { ticket, messageId: null }, options.files);
  // After the student's own events, so the history reads "created", then "assigned by the rule".
  await autoAssignNewTicket(tx, ticket);
  return { id: ticket.id, number: ticket.number };
}
