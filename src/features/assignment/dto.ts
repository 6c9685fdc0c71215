import type { TRuleContext, TRuleStrategy } from "./rule-values";

/** A rule as the rules page shows it (admins only). */
export type TAssignmentRule = {
  id: string;
  name: string;
  position: number;
  isActive: boolean;
  category: string | null;
  subjectWords: string[];
  context: TRuleContext;
  strategy: TRuleStrategy;
  adminIds: string[];
};

/** An admin a rule may name, with their availability. */
export type TAssignableAdmin = {
  id: string;
  name: string;
  isAway: boolean;
  maxOpenTickets: number | null;
  openTickets: number;
};

/** What the dry-run answers: the rule and admin that would take the ticket, or none. */
export type TDryRunResult = {
  rule: { id: string; name: string } | null;
  admin: { id: string; name: string } | null;
  /** Rules that matched but had nobody available (away or full), in order. */
  skipped: { id: string; name: string }[];
};

/** What the engine decided for a new ticket. */
export type TAutoAssignment = { rule: { id: string; name: string }; adminId: string };
