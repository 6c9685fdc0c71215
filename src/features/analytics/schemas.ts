import { z } from "zod";

// The analytics page's filters (issue 16), from its address (?from=&to=&category=&admin=).
// Client-safe. Messages are i18n keys under `validation.*`.

/** Longest range a dashboard covers (two years and a day: a 365-day range compared to the year before fits). */
export const ANALYTICS_MAX_DAYS = 731;
export const ANALYTICS_DEFAULT_DAYS = 30;

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "invalidDate" });

export const ZAnalyticsQuery = z
  .object({
    from: ZDay,
    to: ZDay,
    category: z.string().trim().min(1).max(64).optional(),
    admin: z.string().uuid({ message: "invalidId" }).optional(),
  })
  .refine((q) => !Number.isNaN(Date.parse(`${q.from}T00:00:00Z`)) && !Number.isNaN(Date.parse(`${q.to}T00:00:00Z`)), {
    message: "invalidDate",
    path: ["from"],
  })
  .refine((q) => q.from <= q.to, { message: "dateRangeInverted", path: ["to"] })
  .refine((q) => daysBetween(q.from, q.to) < ANALYTICS_MAX_DAYS, { message: "analyticsRangeTooLong", path: ["to"] });
export type TAnalyticsQuery = z.output<typeof ZAnalyticsQuery>;

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `day` (YYYY-MM-DD) plus `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
