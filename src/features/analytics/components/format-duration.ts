/**
 * Business seconds as people read a wait: "42 min", "3 h 05", "71 h 30" (via the
 * `analytics.duration` messages). Never in days: a business day is 9 hours, not 24, so hours say
 * it without ambiguity.
 */
export function formatDuration(
  seconds: number | null,
  t: (key: "none" | "minutes" | "hours", values?: Record<string, number | string>) => string,
): string {
  if (seconds === null) return t("none");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("minutes", { minutes });
  return t("hours", { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, "0") });
}
