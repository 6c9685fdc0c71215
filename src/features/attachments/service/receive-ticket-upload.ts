import "server-only";
import { env } from "@/server/env";
import { parseMultipart } from "@/server/http/multipart";
import { logUnexpectedError } from "@/server/log";
import { getStorage } from "@/server/storage";
import { MAX_FILE_BYTES } from "../limits";
import type { TStoredAttachmentFile } from "../types";
import { uploadTicketAttachment } from "./upload-ticket-attachment";

/**
 * Receives a multipart upload for `ticketId`: streams each file to storage
 * (uploadTicketAttachment), then hands the text fields and the stored files to `commit`,
 * which writes the rows in one transaction. Nothing lost, nothing orphaned: when parsing,
 * a file or `commit` fails, every object stored for this request is removed before the
 * error goes on. (A process killed in between leaves objects without rows: the hourly
 * sweep, sweepOrphanAttachments, removes those after a day.)
 */
export async function receiveTicketUpload<T>(
  request: Request,
  ticketId: string,
  commit: (fields: Record<string, string>, files: TStoredAttachmentFile[]) => Promise<T>,
): Promise<T> {
  const stored: TStoredAttachmentFile[] = [];
  try {
    const { fields, files } = await parseMultipart(request, {
      maxBodyBytes: env().UPLOAD_MAX_BODY_BYTES,
      maxFileBytes: MAX_FILE_BYTES,
      maxFiles: env().ATTACHMENT_MAX_FILES,
      onFile: async (file) => {
        const result = await uploadTicketAttachment(ticketId, { fileName: file.fileName, stream: file.stream });
        stored.push(result);
        return result;
      },
    });
    return await commit(fields, files);
  } catch (error) {
    if (stored.length > 0) {
      await getStorage()
        .remove(stored.map((file) => file.filePath))
        .catch((cleanupError: unknown) => {
          // Left for the sweep; the request's own error is what the user needs to see.
          logUnexpectedError("attachments: could not remove the files of a failed upload", cleanupError);
        });
    }
    throw error;
  }
}
