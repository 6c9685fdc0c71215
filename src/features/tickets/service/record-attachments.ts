import "server-only";
import type { TStoredAttachmentFile } from "@/features/attachments/types";
import type { TSessionUser } from "@/server/auth/session";
import type { TTx } from "@/server/db/with-user";
import { insertAttachments } from "../repository";
import { recordTicketEvent } from "./record-event";

/**
 * Writes the rows of files already stored (see receiveTicketUpload) and one `attachment_added`
 * history event each, in the caller's transaction: the rows commit with the ticket or
 * message they belong to, or not at all. RLS checks each row (students: their own open
 * ticket, their own public message).
 */
export async function recordAttachments(
  tx: TTx,
  user: TSessionUser,
  target: { ticketId: string; messageId: string | null },
  files: readonly TStoredAttachmentFile[],
): Promise<string[]> {
  const ids = await insertAttachments(
    tx,
    files.map((file) => ({
      ticketId: target.ticketId,
      messageId: target.messageId,
      uploadedBy: user.id,
      fileName: file.fileName,
      filePath: file.filePath,
      fileType: file.fileType,
      fileSize: file.fileSize,
    })),
  );
  for (const file of files) {
    await recordTicketEvent(tx, user, {
      ticketId: target.ticketId,
      type: "attachment_added",
      toValue: file.fileName,
      messageId: target.messageId,
    });
  }
  return ids;
}
