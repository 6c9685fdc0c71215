import { addBusinessMinutes, businessMinutesBetween, type TBusinessCalendar } from "./business-hours";
import type { TSlaClock, TSlaDurations } from "./sla-values";
import type { TTicketStatus } from "./ticket-values";

// A ticket's SLA clock as a pure state machine (docs/sla.md). The pipeline reads the stored
// state, applies the change's step and stores the result (with its due times) in the change's
// transaction; the backfill and the tests drive the same functions.
//
// - Every clock starts counting from the ticket's creation (next response: from the student's
//   message) and counts business time only.
// - While the ticket is not open/in progress (resolved: waiting on the student; closed) every
//   clock is paused; on reopen the business time spent paused is added to the budgets, so a due
//   time moves by exactly the pause. A next-response cycle ends when the ticket is resolved.
// - A due time is always recomputed from its start, the policy's duration and the pauses, so a
//   priority change moves the due times to what the new policy would have given from the start.

export type TSlaState = {
  status: TTicketStatus;
  createdAt: Date;
  /** The first public reply by the team (first response met), or null. */
  firstResponseAt: Date | null;
  firstResponseBreached: boolean;
  /** The student's message that started the running next-response cycle, or null. */
  nextResponseStartedAt: Date | null;
  nextResponseBreached: boolean;
  resolutionBreached: boolean;
  /** When the running pause started (the ticket left open/in progress), or null. */
  pausedAt: Date | null;
  /** Business seconds spent paused in finished pauses. */
  pausedSeconds: number;
  /** The due times as last computed (null: the clock is not running). */
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
};

export type TSlaStep =
  | { kind: "created" }
  | { kind: "team_reply" }
  | { kind: "student_message" }
  /** `from`: the status before the change (the stored row may already have the new one). */
  | { kind: "status_changed"; from: TTicketStatus; to: TTicketStatus }
  | { kind: "policy_changed" };

export type TSlaContext = { calendar: TBusinessCalendar; policy: TSlaDurations; now: Date };

export const isSlaActiveStatus = (status: TTicketStatus): boolean => status === "open" || status === "in_progress";

const lateAt = (due: Date | null, now: Date) => due !== null && now.getTime() > due.getTime();

/** A new ticket's state (before its due times). */
export function initialSlaState(createdAt: Date, status: TTicketStatus = "open"): TSlaState {
  return {
    status,
    createdAt,
    firstResponseAt: null,
    firstResponseBreached: false,
    nextResponseStartedAt: null,
    nextResponseBreached: false,
    resolutionBreached: false,
    pausedAt: isSlaActiveStatus(status) ? null : createdAt,
    pausedSeconds: 0,
    firstResponseDueAt: null,
    nextResponseDueAt: null,
    resolutionDueAt: null,
  };
}

/**
 * The state after `step` at `context.now`, with its due times recomputed. A clock that stops
 * (reply, resolution) after its due time records its breach.
 */
export function applySlaStep(state: TSlaState, step: TSlaStep, context: TSlaContext): TSlaState {
  const { now, calendar } = context;
  const next: TSlaState = { ...state };
  switch (step.kind) {
    case "created":
    case "policy_changed":
      break;
    case "team_reply":
      if (next.firstResponseAt === null) {
        next.firstResponseAt = now;
        next.firstResponseBreached ||= lateAt(state.firstResponseDueAt, now);
      }
      if (next.nextResponseStartedAt !== null) {
        next.nextResponseBreached ||= lateAt(state.nextResponseDueAt, now);
        next.nextResponseStartedAt = null;
      }
      break;
    case "student_message":
      // Before the first response, the first-response clock is the one running.
      if (next.firstResponseAt !== null && next.nextResponseStartedAt === null) {
        next.nextResponseStartedAt = now;
        next.nextResponseBreached = false;
      }
      break;
    case "status_changed": {
      const wasActive = isSlaActiveStatus(step.from);
      const isActive = isSlaActiveStatus(step.to);
      next.status = step.to;
      if (wasActive && !isActive) {
        next.pausedAt = now;
        next.resolutionBreached ||= lateAt(state.resolutionDueAt, now);
        if (next.nextResponseStartedAt !== null) {
          next.nextResponseBreached ||= lateAt(state.nextResponseDueAt, now);
          next.nextResponseStartedAt = null;
        }
      } else if (!wasActive && isActive) {
        if (next.pausedAt !== null) {
          next.pausedSeconds += Math.round(businessMinutesBetween(calendar, next.pausedAt, now) * 60);
        }
        next.pausedAt = null;
      }
      break;
    }
  }
  return withSlaDueTimes(next, context);
}

/** The state's due times from its starts, the policy and the pauses (null when paused or met). */
export function withSlaDueTimes(state: TSlaState, { calendar, policy }: TSlaContext): TSlaState {
  const active = isSlaActiveStatus(state.status);
  const pausedMinutes = state.pausedSeconds / 60;
  const from = (start: Date, minutes: number) => addBusinessMinutes(calendar, start, minutes);
  return {
    ...state,
    firstResponseDueAt:
      active && state.firstResponseAt === null ? from(state.createdAt, policy.firstResponse + pausedMinutes) : null,
    nextResponseDueAt:
      active && state.nextResponseStartedAt !== null ? from(state.nextResponseStartedAt, policy.nextResponse) : null,
    resolutionDueAt: active ? from(state.createdAt, policy.resolution + pausedMinutes) : null,
  };
}

/** Each running clock with its due time and whether its breach is already recorded. */
export function runningSlaClocks(state: TSlaState): { clock: TSlaClock; dueAt: Date; breached: boolean }[] {
  const clocks: { clock: TSlaClock; dueAt: Date; breached: boolean }[] = [];
  if (state.firstResponseDueAt) {
    clocks.push({ clock: "first_response", dueAt: state.firstResponseDueAt, breached: state.firstResponseBreached });
  }
  if (state.nextResponseDueAt) {
    clocks.push({ clock: "next_response", dueAt: state.nextResponseDueAt, breached: state.nextResponseBreached });
  }
  if (state.resolutionDueAt) {
    clocks.push({ clock: "resolution", dueAt: state.resolutionDueAt, breached: state.resolutionBreached });
  }
  return clocks;
}

/** The earliest running due time (the list's "late", "due soon" and "due soonest"), or null. */
export function slaDueAtOf(state: TSlaState): Date | null {
  const times = runningSlaClocks(state).map((c) => c.dueAt.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

/**
 * When the escalation job must next look at the ticket: for each running clock whose breach is
 * not recorded, its warning time (due − warningMinutes), or its due time when that warning is
 * known to be done (`warnedUntil`: the job passes the time it just checked; the pipeline passes
 * null, so a recomputed due time whose warning time is already past is looked at at once, and
 * the job's alert table says whether that warning went out). Null when nothing can warn or breach.
 */
export function slaCheckAtOf(state: TSlaState, warningMinutes: number, warnedUntil: Date | null): Date | null {
  let earliest: number | null = null;
  for (const clock of runningSlaClocks(state)) {
    if (clock.breached) continue;
    const due = clock.dueAt.getTime();
    const warnAt = due - warningMinutes * 60_000;
    const candidate = warningMinutes > 0 && (warnedUntil === null || warnAt > warnedUntil.getTime()) ? warnAt : due;
    if (earliest === null || candidate < earliest) earliest = candidate;
  }
  return earliest === null ? null : new Date(earliest);
}

/**
 * The business seconds (the clock's calendar) from creation to the first response and to when
 * the clock stopped (resolved or closed), for the analytics' medians and p90; null while not
 * reached. Stored with the clock (first_response_business_seconds, resolution_business_seconds).
 */
export function slaBusinessSecondsOf(
  state: TSlaState,
  calendar: TBusinessCalendar,
): { firstResponse: number | null; resolution: number | null } {
  const seconds = (to: Date) => Math.round(businessMinutesBetween(calendar, state.createdAt, to) * 60);
  return {
    firstResponse: state.firstResponseAt ? seconds(state.firstResponseAt) : null,
    resolution: !isSlaActiveStatus(state.status) && state.pausedAt ? seconds(state.pausedAt) : null,
  };
}
