import { describe, expect, it } from "vitest";
import { businessCalendarOf } from "@/features/sla/holidays";
import { DEFAULT_WEEKLY_HOURS } from "@/lib/business-hours";
import { initialSlaState, slaBusinessSecondsOf } from "@/lib/sla-clock";

// The business times the clock stores for the analytics (migration 0034), hand-computed:
// Monday–Friday 8:00–17:00 in America/Toronto, Quebec's holidays.
const calendar = businessCalendarOf({
  timeZone: "America/Toronto",
  weekly: DEFAULT_WEEKLY_HOURS,
  statutory: true,
  addedDays: [],
});

describe("slaBusinessSecondsOf", () => {
  it("counts only opening hours across a weekend and the fall DST change", () => {
    // Friday 16:30 EDT → Monday 9:00 EST (clocks went back on Sunday, November 1st): 30 + 60 min.
    const state = {
      ...initialSlaState(new Date("2026-10-30T16:30:00-04:00")),
      firstResponseAt: new Date("2026-11-02T09:00:00-05:00"),
    };
    expect(slaBusinessSecondsOf(state, calendar)).toEqual({ firstResponse: 5_400, resolution: null });
    // Resolved Tuesday 8:15 EST: 30 + 540 + 15 min.
    const resolved = { ...state, status: "resolved" as const, pausedAt: new Date("2026-11-03T08:15:00-05:00") };
    expect(slaBusinessSecondsOf(resolved, calendar)).toEqual({ firstResponse: 5_400, resolution: 35_100 });
  });

  it("skips a statutory holiday, and gives nothing before the first response or while the clock runs", () => {
    // Friday 16:00 → Tuesday 8:00 after Thanksgiving Monday (2026-10-12): 60 min.
    const state = { ...initialSlaState(new Date("2026-10-09T16:00:00-04:00")), status: "open" as const };
    expect(slaBusinessSecondsOf(state, calendar)).toEqual({ firstResponse: null, resolution: null });
    const closed = { ...state, status: "closed" as const, pausedAt: new Date("2026-10-13T08:00:00-04:00") };
    expect(slaBusinessSecondsOf(closed, calendar)).toEqual({ firstResponse: null, resolution: 3_600 });
  });
});
