import "server-only";
import { eq } from "drizzle-orm";
import { supportTickets, ticketAttachments, ticketMessages } from "@/server/db/schema";
import { asServiceRole, type TSqlClient } from "@/server/db/service-role";
import type { TTx } from "@/server/db/with-user";

export type { TSqlClient };

/**
 * The attachment as the caller may see it (RLS), with what the service needs to decide
 * again: whose ticket it is and whether it belongs to an internal note.
 */
export async function findAttachmentForDownload(tx: TTx, attachmentId: string) {
  const [row] = await tx
    .select({
      id: ticketAttachments.id,
      ticketId: ticketAttachments.ticketId,
      ticketOwnerId: supportTickets.userId,
      messageId: ticketAttachments.messageId,
      isInternal: ticketMessages.isInternal,
      fileName: ticketAttachments.fileName,
      filePath: ticketAttachments.filePath,
      fileType: ticketAttachments.fileType,
      fileSize: ticketAttachments.fileSize,
    })
    .from(ticketAttachments)
    .innerJoin(supportTickets, eq(supportTickets.id, ticketAttachments.ticketId))
    .leftJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(eq(ticketAttachments.id, attachmentId));
  return row;
}

/** Which of `keys` some ticket_attachments row references (as service_role: the sweep is system work). */
export async function selectReferencedKeys(client: TSqlClient, keys: readonly string[]): Promise<Set<string>> {
  const { rows } = await asServiceRole(client, () =>
    client.query<{ file_path: string }>(
      "select file_path from public.ticket_attachments where file_path = any($1::text[])",
      [keys],
    ),
  );
  return new Set(rows.map((row) => row.file_path));
}
