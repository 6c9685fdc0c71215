import "server-only";
import type { TTx } from "@/server/db/with-user";
import type { TAutoAssignment } from "../dto";
import { pickAdmin, ruleMatches, type TTicketFacts } from "../matching";
import { lockAdmins, peekAssignmentTurn, selectActiveRules, selectAdminLoads, takeAssignmentTurn } from "../repository";

export type TRuleOutcome = {
  assignment: TAutoAssignment | null;
  /** Rules that matched but had nobody to take the ticket (away, or at capacity). */
  skipped: { id: string; name: string }[];
};

/**
 * The first active rule that matches the ticket and has an admin to take it, and that admin.
 *
 * For a real creation (`dryRun: false`), in the creation's transaction as service_role: a
 * round-robin rule hands out a turn from its sequence (taken once each, without a lock held
 * until commit, so parallel creations neither wait for each other nor share a turn), and when
 * capacities or open counts decide, the rule's admins are advisory-locked before they are
 * counted, so two tickets created at once never both go to an admin who had one slot left.
 * Those locks last until the creation commits.
 *
 * `dryRun: true` (the rules page, as an admin): the same decision from the same reads, with no
 * lock and no turn taken.
 */
export async function pickAutoAssignee(
  tx: TTx,
  facts: TTicketFacts,
  { dryRun }: { dryRun: boolean },
): Promise<TRuleOutcome> {
  const skipped: TRuleOutcome["skipped"] = [];
  const rules = await selectActiveRules(tx);
  for (const rule of rules) {
    if (!ruleMatches(rule, facts)) continue;
    let turn: number | null = null;
    if (rule.strategy === "round_robin") {
      turn = dryRun ? await peekAssignmentTurn(tx, rule.id) : await takeAssignmentTurn(tx, rule.id);
      // Disabled or deleted since we read the list.
      if (turn === null) continue;
    }
    const members = rule.adminIds;
    const countAll = rule.strategy === "least_open";
    let loads = await selectAdminLoads(tx, members, { countAll });
    const countsDecide = countAll || [...loads.values()].some((load) => load.maxOpenTickets !== null);
    if (countsDecide && !dryRun) {
      await lockAdmins(tx, members);
      // Read again under the locks: what the creations before us committed is counted now.
      loads = await selectAdminLoads(tx, members, { countAll });
    }
    const adminId = pickAdmin(rule.strategy, members, loads, turn);
    if (!adminId) {
      skipped.push({ id: rule.id, name: rule.name });
      continue;
    }
    return { assignment: { rule: { id: rule.id, name: rule.name }, adminId }, skipped };
  }
  return { assignment: null, skipped };
}
