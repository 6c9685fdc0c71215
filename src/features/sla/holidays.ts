import Holidays from "date-holidays";
import type { TBusinessCalendar, TWeeklyHours } from "@/lib/business-hours";

// Quebec's statutory holidays, computed at run time by date-holidays (its rules ship in the
// package: no network), plus the days an admin added. Not "server-only" so the unit tests of the
// calculator use the real holidays; only server code imports it (the package's rules are large).

const quebec = new Holidays("CA", "QC");
const byYear = new Map<number, ReadonlySet<string>>();

/** Quebec's statutory (type "public") holidays of `year`, as local days YYYY-MM-DD. */
export function quebecStatutoryHolidays(year: number): ReadonlySet<string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Set((quebec.getHolidays(year) || []).filter((h) => h.type === "public").map((h) => h.date.slice(0, 10)));
    byYear.set(year, days);
  }
  return days;
}

/** A calendar: `weekly` hours in `timeZone`, closed on Quebec's statutory holidays (when `statutory`) and `addedDays`. */
export function businessCalendarOf(options: {
  timeZone: string;
  weekly: TWeeklyHours;
  statutory: boolean;
  addedDays: Iterable<string>;
}): TBusinessCalendar {
  const added = new Set(options.addedDays);
  return {
    timeZone: options.timeZone,
    weekly: options.weekly,
    isHoliday: (day) =>
      added.has(day) || (options.statutory && quebecStatutoryHolidays(Number(day.slice(0, 4))).has(day)),
  };
}
