import type { TRuleContext, TRuleStrategy } from "./rule-values";

// The rules' decisions, without I/O: which rule matches a new ticket, and which of its admins
// gets it. The engine (service/pick-auto-assignee.ts) feeds them what it read under its locks;
// the dry-run feeds them the same reads without locks.

export type TRuleConditions = {
  category: string | null;
  subjectWords: string[];
  context: TRuleContext;
};

export type TTicketFacts = {
  category: string;
  subject: string;
  hasAppointment: boolean;
  hasOrder: boolean;
};

/** Lowercased, without accents: "Réservation" and "reservation" are the same word. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

function contextMatches(context: TRuleContext, facts: TTicketFacts): boolean {
  switch (context) {
    case "any":
      return true;
    case "appointment":
      return facts.hasAppointment;
    case "order":
      return facts.hasOrder;
    case "none":
      return !facts.hasAppointment && !facts.hasOrder;
  }
}

/** Category (or any), any of the words contained in the subject (or no words), the context. */
export function ruleMatches(rule: TRuleConditions, facts: TTicketFacts): boolean {
  if (rule.category !== null && rule.category !== facts.category) return false;
  if (!contextMatches(rule.context, facts)) return false;
  if (rule.subjectWords.length === 0) return true;
  const subject = foldText(facts.subject);
  return rule.subjectWords.some((word) => subject.includes(foldText(word)));
}

/** An admin of a rule's set as the engine read them. */
export type TAdminLoad = {
  id: string;
  isAway: boolean;
  maxOpenTickets: number | null;
  openTickets: number;
};

/** Present (still an admin), available, and under their capacity. */
export function isEligible(admin: TAdminLoad | undefined): admin is TAdminLoad {
  return (
    admin !== undefined && !admin.isAway && (admin.maxOpenTickets === null || admin.openTickets < admin.maxOpenTickets)
  );
}

/**
 * Who gets the ticket among `memberIds` (in the rule's order), or null when nobody can take it:
 * - single: the one admin;
 * - round_robin: turn n (1, 2, 3…) goes to the ((n - 1) mod k)-th of the k admins who can take
 *   it now, in the rule's order: with everyone available, each in turn; someone away is skipped
 *   and the others share the turns;
 * - least_open: the fewest open tickets, the rule's order breaking ties.
 */
export function pickAdmin(
  strategy: TRuleStrategy,
  memberIds: readonly string[],
  loads: ReadonlyMap<string, TAdminLoad>,
  turn: number | null,
): string | null {
  const eligible = memberIds.filter((id) => isEligible(loads.get(id)));
  if (eligible.length === 0) return null;
  switch (strategy) {
    case "single":
      return eligible[0] ?? null;
    case "round_robin":
      return eligible[(Math.max(1, turn ?? 1) - 1) % eligible.length] ?? null;
    case "least_open": {
      let best: string | null = null;
      let fewest = Number.POSITIVE_INFINITY;
      for (const id of eligible) {
        const open = loads.get(id)?.openTickets ?? 0;
        if (open < fewest) {
          best = id;
          fewest = open;
        }
      }
      return best;
    }
  }
}
