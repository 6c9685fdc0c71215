import "server-only";
import type { z } from "zod";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { validationError } from "@/server/validation";
import type { TCategory } from "../dto";
import { findCategory, findTakenCategoryLabel, insertCategory } from "../repository";
import type { ZCreateCategoryInput } from "../schemas";

/** Adds an active category at the end of the list (admins). */
export async function createCategory(
  user: TSessionUser,
  input: z.output<typeof ZCreateCategoryInput>,
): Promise<TCategory> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    if (await findCategory(tx, input.slug)) throw validationError("slug", "slugTaken");
    const taken = await findTakenCategoryLabel(tx, input);
    if (taken) throw validationError(taken, "labelTaken");
    const created = await insertCategory(tx, input);
    if (!created) throw validationError("slug", "slugTaken");
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "ticket_category", change: "created", slug: created.slug },
    });
    return created;
  });
}
