import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { deleteTicketTag, findTag, selectTicketTags } from "../repository";
import type { TRemoveTicketTagInput } from "../schemas";
import type { TTicketTagsChange } from "./add-ticket-tag";
import { emitTicketEvent, lockTicketForChange } from "./ticket-change";

/** Takes a tag off a ticket (admins only): history line and `tag_removed` event; absent, nothing. */
export async function removeTicketTag(user: TSessionUser, input: TRemoveTicketTagInput): Promise<TTicketTagsChange> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const ticket = await lockTicketForChange(tx, user, input.ticketId, input.expectedVersion);
    const tag = await findTag(tx, input.tagId);
    const changed = tag ? await deleteTicketTag(tx, ticket.id, tag.id) : false;
    if (tag && changed) await emitTicketEvent(tx, user, { type: "tag_removed", ticket, tag });
    return { changed, tags: await selectTicketTags(tx, ticket.id) };
  });
}
