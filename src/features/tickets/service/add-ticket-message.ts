import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments/types";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { insertMessage, markTicketRead, updateTicket } from "../repository";
import { type TAddMessageInput, ZAddMessageInput } from "../schemas";
import { assertRole, lockTicketForChange } from "./guards";
import { recordAttachments } from "./record-attachments";
import { recordTicketEvent } from "./record-event";

export type TAddedMessage = { messageId: string; status: TTicketStatus };

/**
 * Plan 3.1/3.2 addTicketMessage. Students reply on their own tickets that are not closed;
 * a student reply on a resolved ticket reopens it (as Zendesk and Freshdesk do). Admins
 * reply on any ticket that is not closed, and may add internal notes on any ticket.
 * With `files` (already in storage, see receiveTicketUpload), their rows and
 * `attachment_added` events are written in the same transaction, and the
 * ticket.message_added webhook carries attachment_count.
 */
export async function addTicketMessage(
  user: TSessionUser,
  rawInput: TAddMessageInput,
  options: { files?: readonly TStoredAttachmentFile[] } = {},
): Promise<TAddedMessage> {
  const files = options.files ?? [];
  assertRole(user, "student", "admin");
  const input = parseInput(ZAddMessageInput, rawInput);
  if (input.isInternal && user.role !== "admin") throw new AppError("FORBIDDEN");

  return withUser(user.id, async (tx) => {
    const ticket = await lockTicketForChange(tx, user, input.ticketId);
    if (!input.isInternal && ticket.status === "closed") throw new AppError("TICKET_CLOSED");

    const message = await insertMessage(tx, {
      ticketId: ticket.id,
      userId: user.id,
      message: input.message,
      isInternal: input.isInternal,
    });
    await recordTicketEvent(
      tx,
      user,
      {
        ticketId: ticket.id,
        type: input.isInternal ? "internal_note_added" : "message_added",
        messageId: message.id,
      },
      { message: input.message, isInternal: input.isInternal, attachmentCount: files.length },
    );
    if (files.length > 0) await recordAttachments(tx, user, { ticketId: ticket.id, messageId: message.id }, files);

    let status = ticket.status;
    if (user.role === "student" && ticket.status === "resolved") {
      status = "open";
      await updateTicket(tx, ticket.id, { status });
      await recordTicketEvent(tx, user, {
        ticketId: ticket.id,
        type: "status_changed",
        fromValue: "resolved",
        toValue: "open",
        messageId: message.id,
      });
    } else {
      // Moves updated_at and version; a public message is news for the student too.
      await updateTicket(tx, ticket.id, {}, { publicActivity: !input.isInternal });
    }
    await markTicketRead(tx, ticket.id, user.id);
    return { messageId: message.id, status };
  });
}
