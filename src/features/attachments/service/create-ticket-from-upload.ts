import "server-only";
import { randomUUID } from "node:crypto";
import { createSupportTicket, type TCreatedTicket } from "@/features/tickets/service/create-ticket";
import { assertRole } from "@/features/tickets/service/guards";
import type { TSessionUser } from "@/server/auth/session";
import { receiveTicketUpload } from "./receive-ticket-upload";

/**
 * POST /api/tickets: a new ticket and its files (ticket-level attachments) from one
 * multipart request. The files are stored under the ticket's id, chosen here, then the
 * ticket, its files' rows, history and webhook commit in one transaction (createSupportTicket
 * validates the text fields with the same schema and messages as the server action).
 */
export async function createTicketFromUpload(user: TSessionUser, request: Request): Promise<TCreatedTicket> {
  assertRole(user, "student");
  const ticketId = randomUUID();
  return receiveTicketUpload(request, ticketId, (fields, files) =>
    createSupportTicket(
      user,
      {
        subject: fields.subject as string,
        description: fields.description as string,
        category: fields.category as string,
        appointmentId: fields.appointmentId,
        orderId: fields.orderId,
      },
      { ticketId, files },
    ),
  );
}
