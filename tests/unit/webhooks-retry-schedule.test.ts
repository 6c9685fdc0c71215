import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_DELAYS_MS, DEFAULT_RETRY_WINDOW_MS, nextRetryDelayMs } from "@/features/webhooks/retry-schedule";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** random() = 0.5 puts the jitter at zero; 0 and ~1 at its bounds. */
const noJitter = { random: () => 0.5 };

describe("nextRetryDelayMs", () => {
  it("follows about 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((failed) => nextRetryDelayMs(failed, noJitter));
    expect(delays).toEqual([
      MINUTE,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      6 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
      12 * HOUR,
    ]);
    expect(DEFAULT_RETRY_WINDOW_MS).toBe(3 * 24 * HOUR);
  });

  it("treats zero failures like the first", () => {
    expect(nextRetryDelayMs(0, noJitter)).toBe(MINUTE);
  });

  it("spreads each step by at most ±20 %", () => {
    for (const [index, base] of DEFAULT_RETRY_DELAYS_MS.entries()) {
      const failed = index + 1;
      expect(nextRetryDelayMs(failed, { random: () => 0 })).toBe(Math.round(base * 0.8));
      expect(nextRetryDelayMs(failed, { random: () => 0.999_999 })).toBeLessThanOrEqual(Math.round(base * 1.2));
      expect(nextRetryDelayMs(failed, { random: () => 0.999_999 })).toBeGreaterThan(Math.round(base * 1.19));
    }
    const samples = Array.from({ length: 500 }, () => nextRetryDelayMs(2));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(Math.max(...samples)).toBeLessThanOrEqual(6 * MINUTE);
    expect(new Set(samples).size).toBeGreaterThan(1); // really jittered
  });

  it("waits for Retry-After when it is longer than the schedule, and ignores it when shorter", () => {
    expect(nextRetryDelayMs(1, { ...noJitter, retryAfterMs: 10 * MINUTE })).toBe(10 * MINUTE);
    expect(nextRetryDelayMs(3, { ...noJitter, retryAfterMs: 10 * MINUTE })).toBe(30 * MINUTE);
    expect(nextRetryDelayMs(1, { ...noJitter, retryAfterMs: null })).toBe(MINUTE);
  });

  it("caps Retry-After at 12 h", () => {
    expect(nextRetryDelayMs(1, { ...noJitter, retryAfterMs: 7 * 24 * HOUR })).toBe(12 * HOUR);
  });

  it("uses a custom schedule (the tests' short one)", () => {
    const delaysMs = [50, 100, 200];
    expect([1, 2, 3, 4, 9].map((failed) => nextRetryDelayMs(failed, { ...noJitter, delaysMs }))).toEqual([
      50, 100, 200, 200, 200,
    ]);
    expect(nextRetryDelayMs(1, { ...noJitter, delaysMs, retryAfterMs: 1000 })).toBe(1000);
  });
});
