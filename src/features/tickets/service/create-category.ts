import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput, validationError } from "@/server/validation";
import type { TCategory } from "../dto";
import { insertCategory } from "../repository";
import { ZCreateCategoryInput } from "../schemas";
import { assertRole } from "./guards";

/** Adds an active category at the end of the list (admins). */
export async function createCategory(
  user: TSessionUser,
  rawInput: { slug: string; labelFr: string; labelEn: string },
): Promise<TCategory> {
  assertRole(user, "admin");
  const input = parseInput(ZCreateCategoryInput, rawInput);
  return withUser(user.id, async (tx) => {
    const created = await insertCategory(tx, input);
    if (!created) throw validationError("slug", "slugTaken");
    return created;
  });
}
