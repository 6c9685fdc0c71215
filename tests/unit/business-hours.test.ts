import { describe, expect, it } from "vitest";
import { businessCalendarOf, quebecStatutoryHolidays } from "@/features/sla/holidays";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  DEFAULT_WEEKLY_HOURS,
  isValidWeeklyHours,
  type TBusinessCalendar,
} from "@/lib/business-hours";
import {
  applySlaStep,
  initialSlaState,
  slaCheckAtOf,
  slaDueAtOf,
  type TSlaContext,
  type TSlaState,
  withSlaDueTimes,
} from "@/lib/sla-clock";
import type { TSlaDurations } from "@/lib/sla-values";

// Every expectation below was computed by hand (Toronto: EST = UTC−5 until 2026-03-08 02:00,
// EDT = UTC−4 until 2026-11-01 02:00), and is written as the UTC instant it must be.

const TZ = "America/Toronto";
const calendar = businessCalendarOf({
  timeZone: TZ,
  weekly: DEFAULT_WEEKLY_HOURS,
  statutory: true,
  addedDays: ["2026-12-24"],
});
const at = (iso: string) => new Date(iso);
const add = (start: string, minutes: number, cal: TBusinessCalendar = calendar) =>
  addBusinessMinutes(cal, at(start), minutes).toISOString();

describe("Quebec holidays from date-holidays", () => {
  it("are the statutory days of 2026, Easter Monday and observances excluded", () => {
    expect([...quebecStatutoryHolidays(2026)].sort()).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-05-18",
      "2026-06-24",
      "2026-07-01",
      "2026-09-07",
      "2026-10-12",
      "2026-12-25",
    ]);
  });
});

describe("addBusinessMinutes (Mon–Fri 8:00–17:00, America/Toronto)", () => {
  it("counts from the start inside hours", () => {
    // Tue 3 Mar 10:00 EST + 90 min = 11:30 EST
    expect(add("2026-03-03T15:00:00Z", 90)).toBe("2026-03-03T16:30:00.000Z");
  });
  it("carries the evening over to the next morning", () => {
    // Tue 16:00 EST + 120: 60 min Tuesday, 60 min Wednesday → Wed 09:00 EST
    expect(add("2026-03-03T21:00:00Z", 120)).toBe("2026-03-04T14:00:00.000Z");
  });
  it("starts at the opening when created at night", () => {
    // Mon 2 Mar 06:00 EST + 30 → 08:30 EST
    expect(add("2026-03-02T11:00:00Z", 30)).toBe("2026-03-02T13:30:00.000Z");
    // Tue 22:00 EST + 30 → Wed 08:30 EST
    expect(add("2026-03-04T03:00:00Z", 30)).toBe("2026-03-04T13:30:00.000Z");
  });
  it("ends at the closing time when the budget ends exactly there", () => {
    expect(add("2026-03-03T21:00:00Z", 60)).toBe("2026-03-03T22:00:00.000Z");
  });
  it("skips the weekend", () => {
    // Fri 27 Feb 16:30 EST + 60: 30 Friday, 30 Monday → Mon 2 Mar 08:30 EST
    expect(add("2026-02-27T21:30:00Z", 60)).toBe("2026-03-02T13:30:00.000Z");
    // Sat 28 Feb noon + 60 → Mon 09:00 EST
    expect(add("2026-02-28T17:00:00Z", 60)).toBe("2026-03-02T14:00:00.000Z");
  });
  it("skips Good Friday but not Easter Monday (not statutory in Quebec's list)", () => {
    // Thu 2 Apr 16:00 EDT + 120: 60 Thu, Fri holiday, weekend, Mon 6 Apr 08:00–09:00 EDT
    expect(add("2026-04-02T20:00:00Z", 120)).toBe("2026-04-06T13:00:00.000Z");
  });
  it("skips the Fête nationale (a Wednesday in 2026)", () => {
    // Tue 23 Jun 16:00 EDT + 120 → Thu 25 Jun 09:00 EDT
    expect(add("2026-06-23T20:00:00Z", 120)).toBe("2026-06-25T13:00:00.000Z");
  });
  it("skips an added day next to Christmas", () => {
    // Wed 23 Dec 16:00 EST + 120: 60 Wed, Thu 24 added, Fri 25 Christmas, weekend → Mon 28 09:00 EST
    expect(add("2026-12-23T21:00:00Z", 120)).toBe("2026-12-28T14:00:00.000Z");
    const withoutAdded = businessCalendarOf({
      timeZone: TZ,
      weekly: DEFAULT_WEEKLY_HOURS,
      statutory: true,
      addedDays: [],
    });
    expect(add("2026-12-23T21:00:00Z", 120, withoutAdded)).toBe("2026-12-24T14:00:00.000Z");
  });
  it("is exact over the spring-forward weekend (8 Mar 2026)", () => {
    // Fri 6 Mar 16:00 EST (21:00Z) + 120 → Mon 9 Mar 09:00 EDT = 13:00Z (not 14:00Z)
    expect(add("2026-03-06T21:00:00Z", 120)).toBe("2026-03-09T13:00:00.000Z");
  });
  it("is exact over the fall-back weekend (1 Nov 2026)", () => {
    // Fri 30 Oct 16:00 EDT (20:00Z) + 120 → Mon 2 Nov 09:00 EST = 14:00Z (not 13:00Z)
    expect(add("2026-10-30T20:00:00Z", 120)).toBe("2026-11-02T14:00:00.000Z");
  });
  it("counts real minutes on the DST Sundays of a 24/7 calendar", () => {
    const always = businessCalendarOf({
      timeZone: TZ,
      weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [[0, 1440]]])),
      statutory: false,
      addedDays: [],
    });
    // Sat 7 Mar 12:00 EST + 24 h → Sun 8 Mar 13:00 EDT (17:00Z): 24 real hours
    expect(add("2026-03-07T17:00:00Z", 24 * 60, always)).toBe("2026-03-08T17:00:00.000Z");
    // The spring-forward Sunday has 23 hours, the fall-back one 25
    expect(businessMinutesBetween(always, at("2026-03-08T05:00:00Z"), at("2026-03-09T04:00:00Z"))).toBe(23 * 60);
    expect(businessMinutesBetween(always, at("2026-11-01T04:00:00Z"), at("2026-11-02T05:00:00Z"))).toBe(25 * 60);
  });
});

describe("businessMinutesBetween", () => {
  it("counts only open hours", () => {
    // Fri 6 Mar 16:00 EST → Mon 9 Mar 10:00 EDT: 60 + 120
    expect(businessMinutesBetween(calendar, at("2026-03-06T21:00:00Z"), at("2026-03-09T14:00:00Z"))).toBe(180);
    // A weekend alone is worth nothing, and an inverted range too
    expect(businessMinutesBetween(calendar, at("2026-03-07T15:00:00Z"), at("2026-03-08T20:00:00Z"))).toBe(0);
    expect(businessMinutesBetween(calendar, at("2026-03-09T14:00:00Z"), at("2026-03-06T21:00:00Z"))).toBe(0);
  });
  it("is the inverse of addBusinessMinutes", () => {
    const start = at("2026-10-29T19:13:00Z");
    const due = addBusinessMinutes(calendar, start, 777);
    expect(businessMinutesBetween(calendar, start, due)).toBeCloseTo(777, 6);
  });
  it("counts a span of more than ten years (a ticket imported from an older system)", () => {
    const utc: TBusinessCalendar = { timeZone: "UTC", weekly: DEFAULT_WEEKLY_HOURS, isHoliday: () => false };
    const from = at("2010-01-04T00:00:00Z");
    const to = at("2026-01-05T00:00:00Z");
    let weekdays = 0;
    for (let day = new Date(from); day < to; day.setUTCDate(day.getUTCDate() + 1)) {
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays++;
    }
    expect(businessMinutesBetween(utc, from, to)).toBe(weekdays * 540);
  });
  it("still refuses a calendar whose first ten years have no open hour", () => {
    const closed: TBusinessCalendar = { timeZone: "UTC", weekly: DEFAULT_WEEKLY_HOURS, isHoliday: () => true };
    expect(() => businessMinutesBetween(closed, at("2026-01-05T00:00:00Z"), at("2027-01-05T00:00:00Z"))).toThrow(
      "the business calendar has no open hours",
    );
  });
});

describe("weekly hours validation", () => {
  it("accepts the default and refuses overlaps, out-of-day times and a week with no hours", () => {
    expect(isValidWeeklyHours(DEFAULT_WEEKLY_HOURS)).toBe(true);
    expect(
      isValidWeeklyHours({
        ...DEFAULT_WEEKLY_HOURS,
        "1": [
          [480, 720],
          [700, 1020],
        ],
      }),
    ).toBe(false);
    expect(isValidWeeklyHours({ ...DEFAULT_WEEKLY_HOURS, "1": [[480, 1500]] })).toBe(false);
    expect(isValidWeeklyHours(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), []])))).toBe(false);
    expect(isValidWeeklyHours({ "1": [[480, 1020]] })).toBe(false);
  });
});

describe("the SLA clock", () => {
  const urgent: TSlaDurations = { firstResponse: 60, nextResponse: 120, resolution: 540 };
  const medium: TSlaDurations = { firstResponse: 240, nextResponse: 480, resolution: 2700 };
  const low: TSlaDurations = { firstResponse: 540, nextResponse: 1080, resolution: 5400 };
  const ctx = (now: string, policy: TSlaDurations = urgent): TSlaContext => ({ calendar, policy, now: at(now) });
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  // Mon 2 Mar 2026 09:00 EST
  const created = "2026-03-02T14:00:00Z";
  const start = (policy: TSlaDurations = urgent) =>
    applySlaStep(initialSlaState(at(created)), { kind: "created" }, ctx(created, policy));

  it("starts first response and resolution at creation", () => {
    const s = start();
    expect(iso(s.firstResponseDueAt)).toBe("2026-03-02T15:00:00.000Z"); // 10:00 EST
    expect(s.nextResponseDueAt).toBeNull();
    expect(iso(s.resolutionDueAt)).toBe("2026-03-03T14:00:00.000Z"); // Tue 09:00 EST
    expect(iso(slaDueAtOf(s))).toBe("2026-03-02T15:00:00.000Z");
  });

  it("meets the first response with the team's reply, late or on time", () => {
    const onTime = applySlaStep(start(), { kind: "team_reply" }, ctx("2026-03-02T14:30:00Z"));
    expect(iso(onTime.firstResponseAt)).toBe("2026-03-02T14:30:00.000Z");
    expect(onTime.firstResponseDueAt).toBeNull();
    expect(onTime.firstResponseBreached).toBe(false);
    const late = applySlaStep(start(), { kind: "team_reply" }, ctx("2026-03-02T15:30:00Z"));
    expect(late.firstResponseBreached).toBe(true);
  });

  it("runs a next-response cycle from each student message after the first response", () => {
    const before = applySlaStep(start(), { kind: "student_message" }, ctx("2026-03-02T14:10:00Z"));
    expect(before.nextResponseStartedAt).toBeNull(); // still waiting for the first response
    const replied = applySlaStep(before, { kind: "team_reply" }, ctx("2026-03-02T14:30:00Z"));
    // Mon 16:30 EST + 120: 30 Monday, 90 Tuesday → Tue 09:30 EST
    const asked = applySlaStep(replied, { kind: "student_message" }, ctx("2026-03-02T21:30:00Z"));
    expect(iso(asked.nextResponseDueAt)).toBe("2026-03-03T14:30:00.000Z");
    const answered = applySlaStep(asked, { kind: "team_reply" }, ctx("2026-03-03T15:00:00Z"));
    expect(answered.nextResponseDueAt).toBeNull();
    expect(answered.nextResponseBreached).toBe(true); // answered at 10:00, due 09:30
    const again = applySlaStep(answered, { kind: "student_message" }, ctx("2026-03-03T16:00:00Z"));
    expect(again.nextResponseBreached).toBe(false); // a new cycle, a new chance
    expect(iso(again.nextResponseDueAt)).toBe("2026-03-03T18:00:00.000Z"); // Tue 11:00 + 120 = 13:00 EST
  });

  it("pauses while resolved and resumes on reopen with the pause added to the budgets", () => {
    const replied = applySlaStep(start(), { kind: "team_reply" }, ctx("2026-03-02T14:30:00Z"));
    // Resolved Mon 11:00 EST: every clock stops
    const resolved = applySlaStep(
      replied,
      { kind: "status_changed", from: "open", to: "resolved" },
      ctx("2026-03-02T16:00:00Z"),
    );
    expect(resolved.resolutionDueAt).toBeNull();
    expect(slaDueAtOf(resolved)).toBeNull();
    expect(resolved.resolutionBreached).toBe(false);
    // The student writes Tue 10:00 EST (the message comes first, then the reopen)
    const wrote = applySlaStep(resolved, { kind: "student_message" }, ctx("2026-03-03T15:00:00Z"));
    const reopened = applySlaStep(
      wrote,
      { kind: "status_changed", from: "resolved", to: "open" },
      ctx("2026-03-03T15:00:00Z"),
    );
    // Paused Mon 11–17 (360) + Tue 8–10 (120) = 480 business minutes
    expect(reopened.pausedSeconds).toBe(480 * 60);
    // 420 business minutes were left at 11:00 Monday: Tue 10:00 + 420 = Tue 17:00 EST
    expect(iso(reopened.resolutionDueAt)).toBe("2026-03-03T22:00:00.000Z");
    // The message started a next-response cycle: Tue 10:00 + 120 = 12:00 EST
    expect(iso(reopened.nextResponseDueAt)).toBe("2026-03-03T17:00:00.000Z");
  });

  it("records a resolution breach when resolved after the due time", () => {
    const replied = applySlaStep(start(), { kind: "team_reply" }, ctx("2026-03-02T14:30:00Z"));
    const resolved = applySlaStep(
      replied,
      { kind: "status_changed", from: "open", to: "resolved" },
      ctx("2026-03-03T15:00:00Z"),
    );
    expect(resolved.resolutionBreached).toBe(true);
  });

  it("recomputes the due times from the start when the priority changes", () => {
    const s = start(medium);
    expect(iso(s.firstResponseDueAt)).toBe("2026-03-02T18:00:00.000Z"); // 13:00 EST
    const toUrgent = applySlaStep(s, { kind: "policy_changed" }, ctx("2026-03-02T14:30:00Z", urgent));
    expect(iso(toUrgent.firstResponseDueAt)).toBe("2026-03-02T15:00:00.000Z"); // 10:00 EST
    expect(iso(toUrgent.resolutionDueAt)).toBe("2026-03-03T14:00:00.000Z"); // Tue 09:00 EST
    const toLow = applySlaStep(toUrgent, { kind: "policy_changed" }, ctx("2026-03-02T14:40:00Z", low));
    expect(iso(toLow.firstResponseDueAt)).toBe("2026-03-03T14:00:00.000Z"); // Tue 09:00 EST
    // 5400 min = 10 business days from Mon 2 Mar 09:00 → Mon 16 Mar 09:00 EDT (DST on the way)
    expect(iso(toLow.resolutionDueAt)).toBe("2026-03-16T13:00:00.000Z");
  });

  it("tells the escalation job when to look: the warning time, then the due time", () => {
    const s: TSlaState = withSlaDueTimes(initialSlaState(at(created)), ctx(created));
    expect(iso(slaCheckAtOf(s, 60, null))).toBe("2026-03-02T14:00:00.000Z"); // 1 h before 10:00
    expect(iso(slaCheckAtOf(s, 60, at("2026-03-02T14:05:00Z")))).toBe("2026-03-02T15:00:00.000Z");
    const breached = { ...s, firstResponseBreached: true };
    // Then the resolution's warning: Tue 09:00 − 1 h
    expect(iso(slaCheckAtOf(breached, 60, at("2026-03-02T15:01:00Z")))).toBe("2026-03-03T13:00:00.000Z");
    expect(slaCheckAtOf({ ...breached, resolutionBreached: true }, 60, null)).toBeNull();
  });
});
