import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { validationError } from "@/server/validation";
import type { TTag } from "../dto";
import { findOrCreateTag, findTag, insertTicketTag, selectTicketTags } from "../repository";
import type { TAddTicketTagInput } from "../schemas";
import { emitTicketEvent, lockTicketForChange } from "./ticket-change";

export type TTicketTagsChange = { changed: boolean; tags: TTag[] };

/**
 * Puts a tag on a ticket (admins only), creating the tag when `name` is new. A ticket change
 * like the others: locked (a stale `expectedVersion` is CONFLICT), history line, `tag_added`
 * event to every consumer (webhook `ticket.tag_added`). It does not move the ticket's version
 * or updated_at: a label is not news for the admin working on the ticket. A tag already on
 * the ticket changes nothing.
 */
export async function addTicketTag(user: TSessionUser, input: TAddTicketTagInput): Promise<TTicketTagsChange> {
  assertRole(user, "admin");
  return withUser(user, (tx) => addTicketTagIn(tx, user, input));
}

export async function addTicketTagIn(tx: TTx, user: TSessionUser, input: TAddTicketTagInput) {
  const ticket = await lockTicketForChange(tx, user, input.ticketId, input.expectedVersion);
  const tag = await resolveTag(tx, user, input);
  const changed = await insertTicketTag(tx, ticket.id, tag.id);
  if (changed) await emitTicketEvent(tx, user, { type: "tag_added", ticket, tag });
  return { changed, tags: await selectTicketTags(tx, ticket.id) };
}

async function resolveTag(tx: TTx, user: TSessionUser, input: TAddTicketTagInput): Promise<TTag> {
  if (input.tagId) {
    const tag = await findTag(tx, input.tagId);
    if (!tag) throw validationError("tagId", "tagNotFound");
    return tag;
  }
  if (!input.name) throw validationError("name", "tagNameRequired");
  return findOrCreateTag(tx, input.name, user.id);
}
