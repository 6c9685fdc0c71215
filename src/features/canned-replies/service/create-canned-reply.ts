import "server-only";
import type { z } from "zod";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { insertCannedReply } from "../repository";
import type { ZCreateCannedReplyInput } from "../schemas";

/** A new reply, owned by the admin who writes it (personal unless shared with the team). */
export async function createCannedReply(
  user: TSessionUser,
  input: z.output<typeof ZCreateCannedReplyInput>,
): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const row = await insertCannedReply(tx, {
      ownerId: user.id,
      title: input.title,
      bodyFr: input.bodyFr,
      bodyEn: input.bodyEn,
      isShared: input.isShared,
    });
    if (!row) throw new Error("insert of a canned reply returned no row");
    return row;
  });
}
