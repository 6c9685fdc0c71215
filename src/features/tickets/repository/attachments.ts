import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { ticketAttachments } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";

export type TNewAttachment = {
  ticketId: string;
  messageId: string | null;
  uploadedBy: string;
  fileName: string;
  filePath: string;
  fileType: string;
  fileSize: number;
};

/**
 * No RETURNING (ids are made here): the row must pass the INSERT policy only, not also the
 * SELECT one, like ticket events.
 */
export async function insertAttachments(tx: TTx, rows: readonly TNewAttachment[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const values = rows.map((row) => ({ ...row, id: randomUUID() }));
  await tx.insert(ticketAttachments).values(values);
  return values.map((row) => row.id);
}

/** Object keys of a ticket's files (an admin sees all of them). */
export async function selectAttachmentKeys(tx: TTx, ticketId: string): Promise<string[]> {
  const rows = await tx
    .select({ filePath: ticketAttachments.filePath })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId));
  return rows.map((row) => row.filePath);
}
