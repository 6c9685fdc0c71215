import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import type { TAdminTicketDetails, TStudentTicketDetails } from "../dto";
import {
  findUserName,
  markTicketRead,
  selectAllMessages,
  selectAppointmentContext,
  selectAttachments,
  selectOrderContext,
  selectPublicMessages,
  selectStudentCard,
  selectTicketDetailsRow,
  selectTicketHistory,
} from "../repository";
import { ZTicketId } from "../schemas";
import { isTransitionAllowed } from "../status-machine";
import { assertRole } from "./guards";

/**
 * Plan 3.1 getTicketDetails for the student who owns the ticket: public messages only,
 * "assigned: yes/no" but never who, never the priority. Reading marks the ticket read.
 */
export async function getStudentTicketDetails(user: TSessionUser, ticketId: string): Promise<TStudentTicketDetails> {
  assertRole(user, "student");
  const { ticketId: id } = parseInput(ZTicketId, { ticketId });
  return withUser(user.id, async (tx) => {
    const ticket = await selectTicketDetailsRow(tx, id, user.id);
    if (!ticket || ticket.userId !== user.id) throw new AppError("NOT_FOUND");
    const messages = await selectPublicMessages(tx, id);
    const details: TStudentTicketDetails = {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      description: ticket.description,
      category: ticket.category,
      status: ticket.status,
      isAssigned: ticket.assignedTo !== null,
      createdAt: ticket.createdAt,
      // What the student can see last changed (internal notes and priority do not count).
      updatedAt: ticket.publicActivityAt,
      resolvedAt: ticket.resolvedAt,
      canReply: ticket.status !== "closed",
      canClose: isTransitionAllowed(ticket.status, "closed", "student"),
      appointment: ticket.appointmentId ? await selectAppointmentContext(tx, ticket.appointmentId) : null,
      order: ticket.orderId ? await selectOrderContext(tx, ticket.orderId) : null,
      messages: messages.map((m) => ({
        id: m.id,
        sender: m.userId === user.id ? "you" : "support",
        message: m.message,
        createdAt: m.createdAt,
      })),
      attachments: await selectAttachments(tx, id, true),
    };
    if (ticket.unread) await markTicketRead(tx, id, user.id);
    return details;
  });
}

/** Plan 3.2 getTicketDetails (admin): everything, with the student's card and the full history. */
export async function getAdminTicketDetails(user: TSessionUser, ticketId: string): Promise<TAdminTicketDetails> {
  assertRole(user, "admin");
  const { ticketId: id } = parseInput(ZTicketId, { ticketId });
  return withUser(user.id, async (tx) => {
    const ticket = await selectTicketDetailsRow(tx, id, user.id);
    if (!ticket) throw new AppError("NOT_FOUND");
    const student = await selectStudentCard(tx, ticket.userId);
    if (!student) throw new AppError("NOT_FOUND");
    const assignee = ticket.assignedTo ? await findUserName(tx, ticket.assignedTo) : undefined;
    const messages = await selectAllMessages(tx, id);
    const details: TAdminTicketDetails = {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      description: ticket.description,
      category: ticket.category,
      status: ticket.status,
      priority: ticket.priority,
      version: ticket.version,
      assignee: assignee ?? null,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      resolvedAt: ticket.resolvedAt,
      appointment: ticket.appointmentId ? await selectAppointmentContext(tx, ticket.appointmentId) : null,
      order: ticket.orderId ? await selectOrderContext(tx, ticket.orderId) : null,
      student,
      messages: messages.map((m) => ({
        id: m.id,
        author: { id: m.userId, name: m.authorName ?? "", role: m.authorRole },
        message: m.message,
        isInternal: m.isInternal,
        createdAt: m.createdAt,
      })),
      attachments: await selectAttachments(tx, id, false),
      history: await selectTicketHistory(tx, id),
    };
    if (ticket.unread) await markTicketRead(tx, id, user.id);
    return details;
  });
}
