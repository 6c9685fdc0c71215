import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { deleteCannedReply as deleteRow } from "../repository";
import type { TCannedReplyId } from "../schemas";

export async function deleteCannedReply(user: TSessionUser, input: TCannedReplyId): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    if (!(await deleteRow(tx, input.id))) throw new AppError("NOT_FOUND");
    return { id: input.id };
  });
}
