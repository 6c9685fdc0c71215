import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TAdminTicketListItem } from "../dto";
import { selectAdminTicketListItem } from "../repository";
import type { TAddMessageInput, TAssignTicketInput } from "../schemas";
import { addTicketMessageInTransaction } from "./add-ticket-message";
import { assignTicketIn } from "./assign-ticket";

// The admin list's row actions (issue 17): the same changes as the ticket page's, each
// answering with the row as the list shows it, read in the change's own transaction, so the
// list replaces the row in place (status, assignee, counts) without reloading or re-sorting.

async function rowAfter(tx: TTx, user: TSessionUser, ticketId: string): Promise<TAdminTicketListItem> {
  const row = await selectAdminTicketListItem(tx, user.id, ticketId);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** assignTicket from a row of the list (expectedVersion: the row's version). */
export async function assignTicketFromList(
  user: TSessionUser,
  input: TAssignTicketInput,
): Promise<TAdminTicketListItem> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    await assignTicketIn(tx, user, input);
    return rowAfter(tx, user, input.ticketId);
  });
}

/** A reply (or an internal note) without files, from a row of the list. */
export async function replyFromList(user: TSessionUser, input: TAddMessageInput): Promise<TAdminTicketListItem> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    await addTicketMessageInTransaction(tx, user, input);
    return rowAfter(tx, user, input.ticketId);
  });
}
