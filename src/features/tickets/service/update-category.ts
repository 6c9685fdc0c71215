import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import type { TCategory } from "../dto";
import { updateCategory as updateCategoryRow } from "../repository";
import { ZUpdateCategoryInput } from "../schemas";
import { assertRole } from "./guards";

/**
 * Renames (French and English labels) or (de)activates a category (admins). A retired
 * category stays on its tickets and in filters, but new tickets can no longer choose it.
 */
export async function updateCategory(
  user: TSessionUser,
  rawInput: { slug: string; labelFr?: string; labelEn?: string; isActive?: boolean },
): Promise<TCategory> {
  assertRole(user, "admin");
  const { slug, ...changes } = parseInput(ZUpdateCategoryInput, rawInput);
  return withUser(user.id, async (tx) => {
    const updated = await updateCategoryRow(tx, slug, changes);
    if (!updated) throw new AppError("NOT_FOUND");
    return updated;
  });
}
