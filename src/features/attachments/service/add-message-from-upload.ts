import "server-only";
import { findTicketState } from "@/features/tickets/repository";
import { addTicketMessage, type TAddedMessage } from "@/features/tickets/service/add-ticket-message";
import { assertRole } from "@/features/tickets/service/guards";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { isUuid } from "@/server/text-shapes";
import { receiveTicketUpload } from "./receive-ticket-upload";

/** "true"/"false" from a form; anything else goes to the schema as is (and fails it). */
function formBoolean(value: string | undefined): unknown {
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  return value;
}

/**
 * Before reading a byte of the body: the ticket must be one the user can see (RLS) and,
 * for a student, not closed. Another student's ticket is NOT_FOUND, so nothing is stored
 * for a request that would be refused anyway. addTicketMessage checks again, under lock.
 */
async function assertCanPostTo(user: TSessionUser, ticketId: string): Promise<void> {
  if (!isUuid(ticketId)) throw new AppError("NOT_FOUND");
  const ticket = await withUser(user.id, (tx) => findTicketState(tx, ticketId));
  if (!ticket || (user.role !== "admin" && ticket.userId !== user.id)) throw new AppError("NOT_FOUND");
  if (user.role !== "admin" && ticket.status === "closed") throw new AppError("TICKET_CLOSED");
}

/**
 * POST /api/tickets/{ticketId}/messages: a reply (or an admin's internal note) and its files
 * from one multipart request; the message, the files' rows, history and the
 * ticket.message_added webhook (attachment_count = number of files) commit together.
 */
export async function addTicketMessageFromUpload(
  user: TSessionUser,
  ticketId: string,
  request: Request,
): Promise<TAddedMessage> {
  assertRole(user, "student", "admin");
  await assertCanPostTo(user, ticketId);
  return receiveTicketUpload(request, ticketId, (fields, files) =>
    addTicketMessage(
      user,
      { ticketId, message: fields.message as string, isInternal: formBoolean(fields.isInternal) as boolean },
      { files },
    ),
  );
}
