import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TCategory } from "../dto";
import { findTakenCategoryLabel, updateCategory as updateCategoryRow } from "../repository";
import type { ZUpdateCategoryInput } from "../schemas";

/**
 * Renames (French and English labels) or (de)activates a category (admins). A retired
 * category stays on its tickets and in filters, but new tickets can no longer choose it.
 */
export async function updateCategory(
  user: TSessionUser,
  input: z.output<typeof ZUpdateCategoryInput>,
): Promise<TCategory> {
  assertRole(user, "admin");
  const { slug, ...changes } = input;
  return withUser(user, async (tx) => {
    const taken = await findTakenCategoryLabel(tx, changes, slug);
    if (taken) throw validationError(taken, "labelTaken");
    const updated = await updateCategoryRow(tx, slug, changes);
    if (!updated) throw new AppError("NOT_FOUND");
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "ticket_category", change: Object.keys(changes).join(","), slug },
    });
    return updated;
  });
}
