import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments";
import type { TSessionUser } from "@/server/auth/session";
import type { TTx } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";
import { insertAttachments } from "../repository";
import { emitTicketEvent } from "./ticket-change";

/**
 * Writes the rows of files already stored (see receiveTicketUpload) and one
 * `attachment_added` event each, in the caller's transaction: the rows commit with the
 * ticket or message they belong to, or not at all. RLS checks each row (students: their own
 * open ticket, their own public message).
 */
export async function recordAttachments(
  tx: TTx,
  user: TSessionUser,
  target: { ticket: TTicketSnapshot; messageId: string | null },
  files: readonly TStoredAttachmentFile[],
): Promise<string[]> {
  const ids = await insertAttachments(
    tx,
    files.map((file) => ({
      ticketId: target.ticket.id,
      messageId: target.messageId,
      uploadedBy: user.id,
      fileName: file.fileName,
      filePath: file.filePath,
      fileType: file.fileType,
      fileSize: file.fileSize,
    })),
  );
  for (const [index, file] of files.entries()) {
    await emitTicketEvent(tx, user, {
      type: "attachment_added",
      ticket: target.ticket,
      attachmentId: ids[index] ?? "",
      fileName: file.fileName,
      messageId: target.messageId,
    });
  }
  return ids;
}
