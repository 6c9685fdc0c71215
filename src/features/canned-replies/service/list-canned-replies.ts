import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TCannedReply } from "../dto";
import { selectCannedReplies } from "../repository";

/** The team's replies and the admin's own, most used first. */
export async function listCannedReplies(user: TSessionUser): Promise<TCannedReply[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectCannedReplies(tx, user.id));
}
