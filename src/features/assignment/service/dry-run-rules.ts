import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TDryRunResult } from "../dto";
import { selectAdminNames } from "../repository";
import type { TDryRunInput } from "../schemas";
import { pickAutoAssignee } from "./pick-auto-assignee";

/**
 * "Which admin would get this ticket?": the rules' decision for a ticket that is not created,
 * from the same reads as a creation (availability, capacity, the round-robin pointer), without
 * locking or moving anything.
 */
export async function dryRunAssignmentRules(user: TSessionUser, input: TDryRunInput): Promise<TDryRunResult> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const { assignment, skipped } = await pickAutoAssignee(
      tx,
      {
        category: input.category,
        subject: input.subject,
        hasAppointment: input.context === "appointment",
        hasOrder: input.context === "order",
      },
      { dryRun: true },
    );
    if (!assignment) return { rule: null, admin: null, skipped };
    const names = await selectAdminNames(tx, [assignment.adminId]);
    return {
      rule: assignment.rule,
      admin: { id: assignment.adminId, name: names.get(assignment.adminId) ?? "" },
      skipped,
    };
  });
}
