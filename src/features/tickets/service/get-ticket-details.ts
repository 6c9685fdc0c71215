import { getSlaDetails } from "@/features/sla";
import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { assertUuid } from "@/server/validation";
import { type TAdminTicketDetails, type TStudentTicketDetails, toTicketRating } from "../dto";
import {
  findUserName,
  markTicketRead,
  selectAllMessages,
  selectAppointmentContext,
  selectAttachments,
  selectCurrentRating,
  selectMergeCandidates,
  selectMergeLinks,
  selectOrderContext,
  selectPublicMessages,
  selectStudentCard,
  selectTicketDetailsRow,
  selectTicketHistory,
  selectTicketRatings,
  selectTicketTags,
} from "../repository";
import { selectAutoCloseDays } from "../repository/auto-close";
import { isTransitionAllowed } from "../status-machine";

const DAY_MS = 24 * 3_600_000;

/**
 * Plan 3.1 getTicketDetails for the student who owns the ticket: public messages only,
 * "assigned: yes/no" but never who, never the priority. Reading marks the ticket read.
 */
export async function getStudentTicketDetails(user: TSessionUser, ticketId: string): Promise<TStudentTicketDetails> {
  assertRole(user, "student");
  assertUuid(ticketId, "ticketId");
  return withUser(user, async (tx) => {
    const ticket = await selectTicketDetailsRow(tx, ticketId, user.id);
    if (!ticket || ticket.userId !== user.id) throw new AppError("NOT_FOUND");
    const messages = await selectPublicMessages(tx, ticketId);
    const resolvedNow = ticket.resolvedAt !== null && (ticket.status === "resolved" || ticket.status === "closed");
    const rating = resolvedNow ? await selectCurrentRating(tx, ticketId) : undefined;
    const current = rating ? toTicketRating(rating, new Date()) : null;
    const merges = await selectMergeLinks(tx, ticketId);
    const fromNumber = mergedNumbers(ticketId, merges.mergedFrom);
    const autoCloseDays = ticket.status === "resolved" && ticket.resolvedAt ? await selectAutoCloseDays(tx) : 0;
    const details: TStudentTicketDetails = {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      description: ticket.description,
      category: ticket.category,
      categoryLabel: { fr: ticket.categoryLabelFr ?? ticket.category, en: ticket.categoryLabelEn ?? ticket.category },
      status: ticket.status,
      isAssigned: ticket.assignedTo !== null,
      createdAt: ticket.createdAt,
      // What the student can see last changed (internal notes and priority do not count).
      updatedAt: ticket.publicActivityAt,
      resolvedAt: ticket.resolvedAt,
      autoCloseAt:
        autoCloseDays > 0 && ticket.resolvedAt ? new Date(ticket.resolvedAt.getTime() + autoCloseDays * DAY_MS) : null,
      canReply: ticket.status !== "closed",
      canClose: isTransitionAllowed(ticket.status, "closed", "student"),
      rating: { canRate: resolvedNow && (current === null || current.changeable), current },
      appointment: ticket.appointmentId ? await selectAppointmentContext(tx, ticket.appointmentId) : null,
      order: ticket.orderId ? await selectOrderContext(tx, ticket.orderId) : null,
      messages: messages.map((m) => ({
        id: m.id,
        sender: m.userId === user.id ? "you" : "support",
        message: m.message,
        createdAt: m.createdAt,
        fromNumber: fromNumber(m.ticketId),
      })),
      attachments: await selectAttachments(tx, ticketId, true),
      mergedInto: merges.mergedInto,
    };
    if (ticket.unread) await markTicketRead(tx, ticketId, user.id);
    return details;
  });
}

/** Plan 3.2 getTicketDetails (admin): everything, with the student's card and the full history. */
export async function getAdminTicketDetails(user: TSessionUser, ticketId: string): Promise<TAdminTicketDetails> {
  assertRole(user, "admin");
  assertUuid(ticketId, "ticketId");
  return withUser(user, async (tx) => {
    const ticket = await selectTicketDetailsRow(tx, ticketId, user.id);
    if (!ticket) throw new AppError("NOT_FOUND");
    const student = await selectStudentCard(tx, ticket.userId);
    if (!student) throw new AppError("NOT_FOUND");
    const assignee = ticket.assignedTo ? await findUserName(tx, ticket.assignedTo) : undefined;
    const messages = await selectAllMessages(tx, ticketId);
    const merges = await selectMergeLinks(tx, ticketId);
    const fromNumber = mergedNumbers(ticketId, merges.mergedFrom);
    const details: TAdminTicketDetails = {
      id: ticket.id,
      number: ticket.number,
      subject: ticket.subject,
      description: ticket.description,
      category: ticket.category,
      categoryLabel: { fr: ticket.categoryLabelFr ?? ticket.category, en: ticket.categoryLabelEn ?? ticket.category },
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
        fromNumber: fromNumber(m.ticketId),
      })),
      attachments: await selectAttachments(tx, ticketId, false),
      history: await selectTicketHistory(tx, ticketId),
      ratings: (await selectTicketRatings(tx, ticketId)).map((row) => toTicketRating(row, new Date())),
      tags: await selectTicketTags(tx, ticketId),
      mergedInto: merges.mergedInto,
      mergedFrom: merges.mergedFrom,
      sla: await getSlaDetails(tx, ticketId),
      mergeCandidates:
        merges.mergedInto || ticket.status === "closed" ? [] : await selectMergeCandidates(tx, ticketId, ticket.userId),
    };
    if (ticket.unread) await markTicketRead(tx, ticketId, user.id);
    return details;
  });
}

/** A message's origin: null on the ticket itself, the merged request's number otherwise. */
function mergedNumbers(ticketId: string, mergedFrom: readonly { id: string; number: number }[]) {
  const numbers = new Map(mergedFrom.map((source) => [source.id, source.number]));
  return (messageTicketId: string) => (messageTicketId === ticketId ? null : (numbers.get(messageTicketId) ?? null));
}
