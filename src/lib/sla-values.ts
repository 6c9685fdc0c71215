// SLA values shared by the migration's defaults, the clock, the admin page and the list
// filters (docs/sla.md). Client-safe.
import type { TTicketPriority } from "./ticket-values";

/** The three clocks of a ticket: what each one waits for is in docs/sla.md. */
export const SLA_CLOCKS = ["first_response", "next_response", "resolution"] as const;
export type TSlaClock = (typeof SLA_CLOCKS)[number];

/** Durations of a policy, in business minutes. */
export type TSlaDurations = { firstResponse: number; nextResponse: number; resolution: number };

/** The defaults written by migration 0025 (business minutes: 1 business day = 9 h = 540 min). */
export const DEFAULT_SLA_POLICIES: Record<TTicketPriority, TSlaDurations> = {
  urgent: { firstResponse: 60, nextResponse: 120, resolution: 540 },
  high: { firstResponse: 120, nextResponse: 240, resolution: 1080 },
  medium: { firstResponse: 240, nextResponse: 480, resolution: 2700 },
  low: { firstResponse: 540, nextResponse: 1080, resolution: 5400 },
};

/** Bounds of a policy duration (1 minute to a year of business minutes). */
export const SLA_MINUTES_MIN = 1;
export const SLA_MINUTES_MAX = 525_600;

/** How long before a due time the assignee is warned, and what "due soon" means in the list (default). */
export const DEFAULT_SLA_WARNING_MINUTES = 60;
export const SLA_WARNING_MINUTES_MAX = 1440;

/** The admin list's SLA filter values (?sla=late | due_soon). */
export const SLA_LIST_FILTERS = ["late", "due_soon"] as const;
export type TSlaListFilter = (typeof SLA_LIST_FILTERS)[number];

/** "Due soon": a running clock is due within this many minutes (the list filter and the badge). */
export const SLA_DUE_SOON_MINUTES = 60;

export const ADDED_HOLIDAY_LABEL_MAX = 80;

/** What an admin's list row and ticket page show of the clock (no student ever gets it). */
export type TSlaSummary = {
  /** The earliest running due time; null when no clock runs (met, paused, closed). */
  dueAt: Date | null;
  clock: TSlaClock | null;
  /** A clock of this ticket is or was late (its breach is recorded). */
  breached: boolean;
};

/** The admin ticket page's view of each clock. */
export type TSlaDetails = {
  summary: TSlaSummary;
  clocks: { clock: TSlaClock; dueAt: Date | null; metAt: Date | null; breached: boolean }[];
  /** Paused since (the ticket is resolved or closed), or null. */
  pausedAt: Date | null;
};
