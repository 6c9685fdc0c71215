import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TTag, TTagUsage } from "../dto";
import { findTag, mergeTagInto, selectTags, selectTagsWithUsage, tagNameTaken, updateTagName } from "../repository";
import type { TMergeTagsInput, TRenameTagInput } from "../schemas";

// The tags themselves (admins only). Renaming and merging change labels, not tickets: they are
// not ticket changes (a merge of a tag on 100 000 tickets would otherwise send 100 000
// webhooks); the history keeps the name a tag had when it was put on or taken off.

export async function listTags(user: TSessionUser): Promise<TTag[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectTags(tx));
}

/** Counts on the tags page stop here ("1 000+"). */
export const TAG_USAGE_CAP = 1000;

/** The tags page: every tag and how many requests carry it (capped). */
export async function listTagsWithUsage(user: TSessionUser): Promise<TTagUsage[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectTagsWithUsage(tx, TAG_USAGE_CAP));
}

export async function renameTag(user: TSessionUser, input: TRenameTagInput): Promise<TTag> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    if (await tagNameTaken(tx, input.name, input.tagId)) throw validationError("name", "tagNameTaken");
    if (!(await updateTagName(tx, input.tagId, input.name))) throw new AppError("NOT_FOUND");
    return { id: input.tagId, name: input.name };
  });
}

/** Merges `fromTagId` into `intoTagId`: its tickets get the other tag, and it is deleted. */
export async function mergeTags(user: TSessionUser, input: TMergeTagsInput): Promise<{ ticketCount: number }> {
  assertRole(user, "admin");
  if (input.fromTagId === input.intoTagId) throw validationError("intoTagId", "tagMergeSame");
  return withUser(user, async (tx) => {
    const [from, into] = [await findTag(tx, input.fromTagId), await findTag(tx, input.intoTagId)];
    if (!from || !into) throw new AppError("NOT_FOUND");
    return { ticketCount: await mergeTagInto(tx, from.id, into.id) };
  });
}
