import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput, validationError } from "@/server/validation";
import type { TCategory } from "../dto";
import { selectCategories, updateCategory } from "../repository";
import { ZReorderCategoriesInput } from "../schemas";
import { assertRole } from "./guards";

/** Sets the display order (admins): `slugs` must list every category exactly once. */
export async function reorderCategories(user: TSessionUser, rawInput: { slugs: string[] }): Promise<TCategory[]> {
  assertRole(user, "admin");
  const { slugs } = parseInput(ZReorderCategoriesInput, rawInput);
  return withUser(user.id, async (tx) => {
    const existing = await selectCategories(tx);
    const known = new Set(existing.map((c) => c.slug));
    if (new Set(slugs).size !== slugs.length || slugs.length !== known.size || !slugs.every((s) => known.has(s))) {
      throw validationError("slugs", "orderIncomplete");
    }
    for (const [index, slug] of slugs.entries()) await updateCategory(tx, slug, { sortOrder: (index + 1) * 10 });
    return selectCategories(tx);
  });
}
