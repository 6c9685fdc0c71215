import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { getStorage, type TDisposition } from "@/server/storage";
import { isUuid } from "@/server/text-shapes";
import { isInlineImage } from "../limits";
import { findAttachmentForDownload } from "../repository";

export type TDownloadableAttachment = NonNullable<Awaited<ReturnType<typeof findAttachmentForDownload>>> & {
  disposition: TDisposition;
};

/**
 * The attachment if `user` may download it, checked twice: by the query (RLS: admins see
 * every file, a student only the files of their own tickets that are not on internal notes)
 * and here, explicitly. Anything else is NOT_FOUND, so a file's existence is not revealed.
 * `inline` is honoured for images only.
 */
export async function findDownloadableAttachment(
  user: TSessionUser,
  attachmentId: string,
  wanted: TDisposition = "attachment",
): Promise<TDownloadableAttachment> {
  if (!isUuid(attachmentId)) throw new AppError("NOT_FOUND");
  const row = await withUser(user, (tx) => findAttachmentForDownload(tx, attachmentId));
  if (!row) throw new AppError("NOT_FOUND");
  const allowed =
    user.role === "admin" || (user.role === "student" && row.ticketOwnerId === user.id && row.isInternal !== true);
  if (!allowed) throw new AppError("NOT_FOUND");
  const disposition = wanted === "inline" && isInlineImage(row.fileType) ? "inline" : "attachment";
  return { ...row, disposition };
}

/**
 * Plan 7.1 getTicketAttachmentDownloadUrl: a fresh link that expires
 * (ATTACHMENT_URL_TTL_SECONDS, 5 min by default): a presigned GET URL on S3, a signed
 * /api/attachments/{id}/file link on local disk.
 */
export async function getTicketAttachmentDownloadUrl(
  user: TSessionUser,
  attachmentId: string,
  options: { disposition?: TDisposition } = {},
): Promise<string> {
  const attachment = await findDownloadableAttachment(user, attachmentId, options.disposition);
  return getStorage().createDownloadUrl({
    attachmentId: attachment.id,
    key: attachment.filePath,
    fileName: attachment.fileName,
    contentType: attachment.fileType,
    disposition: attachment.disposition,
    userId: user.id,
    expiresInSeconds: env().ATTACHMENT_URL_TTL_SECONDS,
  });
}
