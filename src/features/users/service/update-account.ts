import "server-only";
import { sql } from "drizzle-orm";
import type { TUserRole } from "@/lib/user-roles";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TUpdateAccountInput } from "../schemas";
import { sqlStateOf } from "../sql-state";

export type TAccountChange = { previousRole: TUserRole; wasActive: boolean };

/**
 * An admin changes an account's role or deactivates (reactivates) it, through
 * app.admin_update_account(): one transaction locks the admins, applies the change, ends a
 * deactivated account's sessions at once and writes the audit events. No change may leave the
 * platform without an active admin, and an admin can neither deactivate nor demote their own
 * account (another admin does it).
 */
export async function updateAccount(user: TSessionUser, input: TUpdateAccountInput): Promise<TAccountChange> {
  assertRole(user, "admin");
  try {
    return await withUser(user, async (tx) => {
      const result = await tx.execute<{ old_role: TUserRole; was_active: boolean }>(
        sql`select old_role, was_active from app.admin_update_account(${input.userId}::uuid, ${input.role ?? null}::public.user_role, ${input.active ?? null}::boolean)`,
      );
      const row = result.rows[0];
      if (!row) throw new AppError("NOT_FOUND");
      return { previousRole: row.old_role, wasActive: row.was_active };
    });
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === "AC404") throw new AppError("NOT_FOUND");
    // No longer an admin (another admin's change committed first).
    if (state === "42501") throw new AppError("FORBIDDEN");
    if (state === "AC403") {
      throw input.active === false
        ? validationError("active", "cannotDeactivateSelf")
        : validationError("role", "cannotChangeOwnRole");
    }
    if (state === "AC409") throw validationError("role", "lastAdmin");
    throw error;
  }
}
