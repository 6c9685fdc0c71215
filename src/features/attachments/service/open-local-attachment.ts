import "server-only";
import type { Readable } from "node:stream";
import type { TSessionUser } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import { attachmentError } from "@/server/http/api-response";
import { getStorage, LocalObjectStorage, type TDisposition } from "@/server/storage";
import { verifySignedFileQuery } from "@/server/storage/signed-link";
import { findDownloadableAttachment } from "./get-ticket-attachment-download-url";

export type TOpenedAttachment = {
  stream: Readable;
  size: number;
  fileName: string;
  fileType: string;
  disposition: TDisposition;
};

/**
 * For the local driver's file route: the link must carry a valid signature made for this
 * user and not be expired (FORBIDDEN otherwise), and the user must still have access to the
 * attachment (NOT_FOUND otherwise): a link outlives neither its 5 minutes nor a change of access.
 */
export async function openLocalAttachment(
  user: TSessionUser,
  attachmentId: string,
  query: URLSearchParams,
): Promise<TOpenedAttachment> {
  const storage = getStorage();
  if (!(storage instanceof LocalObjectStorage)) throw new AppError("NOT_FOUND");
  const link = verifySignedFileQuery(attachmentId, user.id, query);
  if (!link.ok) {
    throw attachmentError("FORBIDDEN", { key: link.reason === "expired" ? "linkExpired" : "linkInvalid" });
  }
  const attachment = await findDownloadableAttachment(user, attachmentId, link.disposition);
  try {
    const { stream, size } = await storage.open(attachment.filePath);
    return {
      stream,
      size,
      fileName: attachment.fileName,
      fileType: attachment.fileType,
      disposition: attachment.disposition,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("NOT_FOUND");
    throw error;
  }
}
