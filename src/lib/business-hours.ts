import { DateTime } from "luxon";

// Business time: the part of real time that falls inside a calendar's opening hours, in its
// own time zone. Pure (no clock, no database): the SLA clock, its tests and the backfill all
// call it with a calendar and instants.
//
// A business minute is a real minute spent inside opening hours, so a due time is exact across
// DST changes: opening hours are local wall-clock times, turned into instants day by day by
// Luxon with the zone's rules of that day (8:00–17:00 is nine real hours on both DST Sundays'
// neighbours; a 0:00–24:00 day on the spring-forward Sunday has 23 of them).

/** ISO weekday (1 = Monday … 7 = Sunday) → opening intervals in minutes after local midnight, [start, end). */
export type TWeeklyHours = Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;

export type TBusinessCalendar = {
  /** IANA zone the hours and holidays are read in (APP_TIME_ZONE). */
  timeZone: string;
  weekly: TWeeklyHours;
  /** Whether a local calendar day (YYYY-MM-DD) is closed all day. */
  isHoliday: (day: string) => boolean;
};

/** Monday to Friday, 8:00–17:00: the default weekly hours. */
export const DEFAULT_WEEKLY_HOURS: TWeeklyHours = {
  "1": [[480, 1020]],
  "2": [[480, 1020]],
  "3": [[480, 1020]],
  "4": [[480, 1020]],
  "5": [[480, 1020]],
  "6": [],
  "7": [],
};

const MINUTE = 60_000;
/** A calendar with no opening at all in ten years is a configuration error, not a loop. */
const MAX_DAYS = 3660;
/**
 * How far a span is counted: a century. Ten years is not enough: a ticket imported from an older
 * system, or open for years, spans more, and refusing it stopped the SLA backfill on it for good.
 */
const MAX_SPAN_DAYS = 36_600;

/** Whether `weekly` is well formed: 7 days, sorted non-overlapping intervals within 0–1440 minutes, some open time. */
export function isValidWeeklyHours(weekly: unknown): weekly is TWeeklyHours {
  if (typeof weekly !== "object" || weekly === null) return false;
  let open = 0;
  for (let day = 1; day <= 7; day++) {
    const intervals = (weekly as Record<string, unknown>)[String(day)];
    if (!Array.isArray(intervals) || intervals.length > 4) return false;
    let previousEnd = -1;
    for (const interval of intervals) {
      if (!Array.isArray(interval) || interval.length !== 2) return false;
      const [start, end] = interval as unknown[];
      if (!Number.isInteger(start) || !Number.isInteger(end)) return false;
      const s = start as number;
      const e = end as number;
      if (s < 0 || e > 1440 || s >= e || s < previousEnd) return false;
      previousEnd = e;
      open += e - s;
    }
  }
  return open > 0;
}

/** The instant of `minutes` after local midnight of `day` (1440 = the next midnight). */
function instantOf(day: DateTime, minutes: number): number {
  if (minutes >= 1440) return day.plus({ days: 1 }).startOf("day").toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

/**
 * Each open interval of each day from `from`'s local day on, as instants, holidays skipped, for
 * a century at most. A calendar with nothing open in its first ten years throws.
 */
function* openIntervals(calendar: TBusinessCalendar, from: Date): Generator<[number, number]> {
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf("day");
  if (!day.isValid) throw new Error(`invalid time zone ${calendar.timeZone}`);
  let anyOpen = false;
  for (let i = 0; i < MAX_SPAN_DAYS; i++, day = day.plus({ days: 1 })) {
    if (i === MAX_DAYS && !anyOpen) throw new Error("the business calendar has no open hours");
    if (calendar.isHoliday(day.toISODate() ?? "")) continue;
    for (const [start, end] of calendar.weekly[String(day.weekday)] ?? []) {
      anyOpen = true;
      yield [instantOf(day, start), instantOf(day, end)];
    }
  }
}

/**
 * The instant `minutes` business minutes after `start` (fractions allowed). Counting starts at
 * `start` if it is inside opening hours, else at the next opening; a budget that ends exactly at
 * a closing time ends there (17:00), not at the next opening.
 */
export function addBusinessMinutes(calendar: TBusinessCalendar, start: Date, minutes: number): Date {
  let remaining = Math.max(0, minutes) * MINUTE;
  const cursor = start.getTime();
  for (const [open, close] of openIntervals(calendar, start)) {
    const from = Math.max(open, cursor);
    if (from >= close) continue;
    if (remaining <= close - from) return new Date(from + remaining);
    remaining -= close - from;
  }
  /* c8 ignore next */
  throw new Error("unreachable");
}

/** Business minutes (with fractions) between `from` and `to`; 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: TBusinessCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (const [open, close] of openIntervals(calendar, from)) {
    if (open >= end) break;
    const a = Math.max(open, start);
    const b = Math.min(close, end);
    if (b > a) total += b - a;
  }
  return total / MINUTE;
}
