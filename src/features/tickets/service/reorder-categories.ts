import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { validationError } from "@/server/validation";
import type { TCategory } from "../dto";
import { selectCategories, updateCategory } from "../repository";
import type { ZReorderCategoriesInput } from "../schemas";

/** Sets the display order (admins): `slugs` must list every category exactly once. */
export async function reorderCategories(
  user: TSessionUser,
  input: z.output<typeof ZReorderCategoriesInput>,
): Promise<TCategory[]> {
  assertRole(user, "admin");
  const { slugs } = input;
  return withUser(user, async (tx) => {
    const existing = await selectCategories(tx);
    const known = new Set(existing.map((c) => c.slug));
    if (new Set(slugs).size !== slugs.length || slugs.length !== known.size || !slugs.every((s) => known.has(s))) {
      throw validationError("slugs", "orderIncomplete");
    }
    for (const [index, slug] of slugs.entries()) await updateCategory(tx, slug, { sortOrder: (index + 1) * 10 });
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "ticket_category", change: "reordered" },
    });
    return selectCategories(tx);
  });
}
