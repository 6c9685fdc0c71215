import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TAdminTicketListItem, TQuickReplyContext } from "../dto";
import { selectAdminListRowsByIds, selectAdminTicketListItem, selectNewestThreadEntry } from "../repository";
import {
  type TAddMessageInput,
  type TAssignTicketInput,
  type TLiveListRowsInput,
  ZLiveListRowsInput,
} from "../schemas";
import { addTicketMessageInTransaction } from "./add-ticket-message";
import { assignTicketIn } from "./assign-ticket";
import { adminListFiltersFor } from "./get-all-support-tickets";

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

/**
 * An open list's live refresh (issue 14): the rows of the tickets that live events named, read
 * now under RLS as the list shows them, and which of them match the list's filters. The list
 * puts the rows it shows in place (status, assignee, unread dot, counts) and counts the other
 * matching ones in its banner. Tickets the admin cannot read are simply absent.
 */
export async function liveListRows(
  user: TSessionUser,
  input: TLiveListRowsInput,
): Promise<{ rows: TAdminTicketListItem[]; matching: string[] }> {
  assertRole(user, "admin");
  const { query, ids } = ZLiveListRowsInput.parse(input);
  return withUser(user, async (tx) => {
    const found = await selectAdminListRowsByIds(tx, user.id, await adminListFiltersFor(tx, query), ids);
    return {
      rows: found.map((row) => row.item),
      matching: found.filter((row) => row.matches).map((row) => row.item.id),
    };
  });
}

/** What a row's quick reply shows above its box, and the `seenUpTo` its reply sends. */
export async function quickReplyContext(user: TSessionUser, ticketId: string): Promise<TQuickReplyContext> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const context = await selectNewestThreadEntry(tx, ticketId);
    if (!context) throw new AppError("NOT_FOUND");
    return context;
  });
}
