import "server-only";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TAssignableAdmin, TAssignmentRule } from "../dto";
import {
  categoryExists,
  countAdmins,
  countRules,
  deleteRule as deleteRuleRow,
  insertRule,
  selectAssignableAdmins,
  selectRules,
  setRuleOrder,
  updateRule as updateRuleRow,
} from "../repository";
import type { TReorderRulesInput, TRuleFields, TRuleIdInput, TSetRuleActiveInput, TUpdateRuleInput } from "../schemas";

// The rules page's verbs (admins only; RLS agrees: assignment_rules is admin-only).

export async function listAssignmentRules(
  user: TSessionUser,
): Promise<{ rules: TAssignmentRule[]; admins: TAssignableAdmin[] }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => ({ rules: await selectRules(tx), admins: await selectAssignableAdmins(tx) }));
}

/** A rule names an existing category (or none) and only admins. */
async function checkRule(tx: TTx, rule: TRuleFields): Promise<void> {
  if (rule.category !== null && !(await categoryExists(tx, rule.category))) {
    throw validationError("category", "categoryInvalid");
  }
  if ((await countAdmins(tx, rule.adminIds)) !== rule.adminIds.length) {
    throw validationError("adminIds", "assigneeNotAdmin");
  }
}

const valuesOf = (rule: TRuleFields) => ({
  name: rule.name,
  category: rule.category,
  subjectWords: rule.subjectWords,
  context: rule.context,
  strategy: rule.strategy,
  adminIds: rule.adminIds,
  isActive: rule.isActive,
});

export async function createAssignmentRule(user: TSessionUser, input: TRuleFields): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    await checkRule(tx, input);
    const row = await insertRule(tx, { ...valuesOf(input), createdBy: user.id });
    if (!row) throw new Error("insert of a rule returned no row");
    await recordAuditEvent(tx, { type: "settings_changed", detail: { setting: "assignment_rule", change: "created" } });
    return row;
  });
}

export async function updateAssignmentRule(user: TSessionUser, input: TUpdateRuleInput): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    await checkRule(tx, input);
    const row = await updateRuleRow(tx, input.id, valuesOf(input));
    if (!row) throw new AppError("NOT_FOUND");
    await recordAuditEvent(tx, { type: "settings_changed", detail: { setting: "assignment_rule", change: "updated" } });
    return row;
  });
}

export async function setAssignmentRuleActive(user: TSessionUser, input: TSetRuleActiveInput): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const row = await updateRuleRow(tx, input.id, { isActive: input.isActive });
    if (!row) throw new AppError("NOT_FOUND");
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "assignment_rule", change: input.isActive ? "enabled" : "disabled" },
    });
    return row;
  });
}

export async function deleteAssignmentRule(user: TSessionUser, input: TRuleIdInput): Promise<{ id: string }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    if (!(await deleteRuleRow(tx, input.id))) throw new AppError("NOT_FOUND");
    await recordAuditEvent(tx, { type: "settings_changed", detail: { setting: "assignment_rule", change: "deleted" } });
    return { id: input.id };
  });
}

/** The whole order at once: every rule named exactly once (else CONFLICT: the list changed). */
export async function reorderAssignmentRules(
  user: TSessionUser,
  input: TReorderRulesInput,
): Promise<{ ids: string[] }> {
  assertRole(user, "admin");
  const ids = [...new Set(input.ids)];
  return withUser(user, async (tx) => {
    if (ids.length !== input.ids.length || (await countRules(tx)) !== ids.length) throw new AppError("CONFLICT");
    if ((await setRuleOrder(tx, ids)) !== ids.length) throw new AppError("CONFLICT");
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "assignment_rule", change: "reordered" },
    });
    return { ids };
  });
}
