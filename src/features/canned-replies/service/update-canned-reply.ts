import "server-only";
import type { z } from "zod";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { updateCannedReply as updateRow } from "../repository";
import type { ZUpdateCannedReplyInput } from "../schemas";

/** Edits the admin's own reply or a shared one; another admin's personal reply is NOT_FOUND (RLS). */
export async function updateCannedReply(
  user: TSessionUser,
  input: z.output<typeof ZUpdateCannedReplyInput>,
): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const row = await updateRow(tx, input.id, {
      title: input.title,
      bodyFr: input.bodyFr,
      bodyEn: input.bodyEn,
      isShared: input.isShared,
    });
    if (!row) throw new AppError("NOT_FOUND");
    return row;
  });
}
