import "server-only";
import {
  applySlaStep,
  slaBusinessSecondsOf,
  slaCheckAtOf,
  slaDueAtOf,
  type TSlaState,
  type TSlaStep,
} from "@/lib/sla-clock";
import type { TTx } from "@/server/db/with-user";
import { env } from "@/server/env";
import { businessCalendarOf } from "./holidays";
import { readSlaRules, readTicketSla, type TSlaRules, writeTicketSla } from "./repository";

/** The calendar of `rules` in APP_TIME_ZONE. */
export function calendarOf(rules: TSlaRules) {
  return businessCalendarOf({
    timeZone: env().APP_TIME_ZONE,
    weekly: rules.weekly,
    statutory: rules.statutory,
    addedDays: rules.addedDays,
  });
}

/**
 * Moves one ticket's clock by `step` at `now`, in the caller's transaction (the pipeline's:
 * the ticket is locked), and stores the result. A ticket the backfill has not reached yet starts
 * from a fresh state at its creation, then takes the step.
 */
export async function moveSlaClock(tx: TTx, ticketId: string, step: TSlaStep, now: Date): Promise<TSlaState | null> {
  const stored = await readTicketSla(tx, ticketId);
  if (!stored || (!stored.computed && step.kind !== "created")) return null;
  const rules = await readSlaRules(tx, stored.priority, stored.category);
  const context = { calendar: calendarOf(rules), policy: rules.policy, now };
  const next = applySlaStep(stored.state, step, context);
  await writeTicketSla(tx, ticketId, next, {
    slaDueAt: slaDueAtOf(next),
    slaCheckAt: slaCheckAtOf(next, rules.warningMinutes, null),
    businessSeconds: slaBusinessSecondsOf(next, context.calendar),
  });
  return next;
}
