import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { findNewerStaffReply, insertMessage, markTicketRead } from "../repository";
import type { TAddMessageInput } from "../schemas";
import { recordAttachments } from "./record-attachments";
import { applyTicketChange, emitTicketEvent } from "./ticket-change";

export type TAddedMessage = { messageId: string; status: TTicketStatus };

/**
 * Plan 3.1/3.2 addTicketMessage. Students reply on their own tickets that are not closed;
 * a student reply on a resolved ticket reopens it (as Zendesk and Freshdesk do). Admins
 * reply on any ticket that is not closed, and may add internal notes on any ticket. An admin's
 * reply that says what it was written after (`seenUpTo`) is refused with REPLY_CONFLICT when
 * another admin answered since (collision detection on the server: it holds without the live
 * channel too), unless `sendAnyway`.
 * With `files` (already in storage, see receiveTicketUpload), their rows and
 * `attachment_added` events are written in the same transaction, and the
 * ticket.message_added webhook carries attachment_count.
 */
export async function addTicketMessage(
  user: TSessionUser,
  input: TAddMessageInput,
  options: { files?: readonly TStoredAttachmentFile[] } = {},
): Promise<TAddedMessage> {
  assertRole(user, "student", "admin");
  if (input.isInternal === true && user.role !== "admin") throw new AppError("FORBIDDEN");
  return withUser(user, (tx) => addTicketMessageInTransaction(tx, user, input, options));
}

/**
 * addTicketMessage inside a transaction the caller opened with withUser(user): for a write
 * that must commit with something else (the upload route's Idempotency-Key answer).
 */
export async function addTicketMessageInTransaction(
  tx: TTx,
  user: TSessionUser,
  input: TAddMessageInput,
  options: { files?: readonly TStoredAttachmentFile[] } = {},
): Promise<TAddedMessage> {
  const files = options.files ?? [];
  const isInternal = input.isInternal === true;
  assertRole(user, "student", "admin");
  if (isInternal && user.role !== "admin") throw new AppError("FORBIDDEN");
  let messageId = "";
  const change = await applyTicketChange(tx, user, {
    ticketId: input.ticketId,
    decide: (ticket) => {
      if (!isInternal && ticket.status === "closed") throw new AppError("TICKET_CLOSED");
      if (user.role === "student" && ticket.status === "resolved") return { set: { status: "open" } };
      // Moves updated_at and version; a public message is news for the student too.
      return { set: {}, publicActivity: !isInternal };
    },
    beforeUpdate: async (ticket) => {
      if (user.role === "admin" && !isInternal && input.seenUpTo !== undefined && input.sendAnyway !== true) {
        const seen = input.seenUpTo === "none" ? null : input.seenUpTo;
        const newer = await findNewerStaffReply(tx, ticket.id, user.id, seen);
        if (newer)
          throw new AppError("REPLY_CONFLICT", "reply conflict", { replyConflict: { name: newer.authorName } });
      }
      const message = await insertMessage(tx, {
        ticketId: ticket.id,
        userId: user.id,
        message: input.message,
        isInternal,
      });
      messageId = message.id;
      await emitTicketEvent(tx, user, {
        type: isInternal ? "internal_note_added" : "message_added",
        ticket,
        messageId: message.id,
        message: input.message,
        attachmentCount: files.length,
      });
      if (files.length > 0) await recordAttachments(tx, user, { ticket, messageId: message.id }, files);
      return { messageId: message.id };
    },
  });
  await markTicketRead(tx, change.ticket.id, user.id);
  return { messageId, status: change.ticket.status };
}
