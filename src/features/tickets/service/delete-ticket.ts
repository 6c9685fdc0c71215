import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { logUnexpectedError } from "@/server/log";
import { getStorage } from "@/server/storage";
import { ticketAttachmentsFolder } from "@/server/storage/object-key";
import { deleteTicket as deleteTicketRow, selectAttachmentKeys } from "../repository";

/**
 * Deletes a ticket (admins only; RLS agrees): its messages, files' rows, history and read
 * markers go with it (ON DELETE CASCADE), then its stored objects are removed. The rows go
 * first: if removing the objects fails, they are orphans, which the hourly sweep removes,
 * whereas objects removed before a failed commit would be files lost.
 */
export async function deleteTicket(user: TSessionUser, ticketId: string): Promise<{ removedFiles: number }> {
  assertRole(user, "admin");
  const id = ticketId;
  const keys = await withUser(user, async (tx) => {
    const fileKeys = await selectAttachmentKeys(tx, id);
    if (!(await deleteTicketRow(tx, id))) throw new AppError("NOT_FOUND");
    return fileKeys;
  });

  const storage = getStorage();
  const toRemove = new Set(keys);
  try {
    // Also whatever was stored for this ticket without a row yet (an upload that failed midway).
    for await (const object of storage.list(ticketAttachmentsFolder(id))) toRemove.add(object.key);
    await storage.remove([...toRemove]);
  } catch (error) {
    logUnexpectedError("tickets: a ticket was deleted but removing its files failed (the sweep will)", error);
  }
  return { removedFiles: toRemove.size };
}
