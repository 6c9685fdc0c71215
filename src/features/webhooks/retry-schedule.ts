/** About 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h… */
export const DEFAULT_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000] as const;
/** …for up to 3 days after the first attempt. */
export const DEFAULT_RETRY_WINDOW_MS = 3 * 24 * 3_600_000;
const MAX_RETRY_AFTER_MS = 43_200_000;

/**
 * Delay before the next attempt after `failedAttempts` failures: the schedule's step with
 * ±20 % jitter (so a recovering endpoint is not hit by every queued event at once), and
 * never sooner than the endpoint's Retry-After (capped at 12 h).
 */
export function nextRetryDelayMs(
  failedAttempts: number,
  options: { delaysMs?: readonly number[]; retryAfterMs?: number | null; jitter?: number; random?: () => number } = {},
): number {
  const delays = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const base = delays[Math.min(Math.max(failedAttempts, 1), delays.length) - 1] ?? 60_000;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  const withJitter = Math.round(base * (1 + jitter * (random() * 2 - 1)));
  const retryAfter = options.retryAfterMs == null ? 0 : Math.min(options.retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.max(withJitter, retryAfter);
}
