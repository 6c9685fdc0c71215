import { ANALYTICS_DEFAULT_DAYS, addDays, type TAnalyticsQuery, todayIn, ZAnalyticsQuery } from "./schemas";

type TSearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** What the filter form shows ("" = not set) and the query it makes (null when invalid). */
export type TAnalyticsParams = {
  params: { from: string; to: string; category: string; admin: string };
  query: TAnalyticsQuery | null;
  /** i18n keys under `validation.*`, by field. */
  errors: Partial<Record<"from" | "to" | "admin" | "category", string>>;
};

/**
 * The analytics page's filters from its address. Without dates: the last 30 days up to today
 * (in `timeZone`). A malformed date or an inverted or too long range is reported on its field.
 */
export function analyticsParamsOf(searchParams: TSearchParams, timeZone: string, now = new Date()): TAnalyticsParams {
  const raw = (key: string) => (first(searchParams[key]) ?? "").trim().slice(0, 64);
  const today = todayIn(timeZone, now);
  const params = {
    from: raw("from") || addDays(today, -(ANALYTICS_DEFAULT_DAYS - 1)),
    to: raw("to") || today,
    category: raw("category"),
    admin: raw("admin"),
  };
  const parsed = ZAnalyticsQuery.safeParse({
    from: params.from,
    to: params.to,
    category: params.category || undefined,
    admin: params.admin || undefined,
  });
  if (parsed.success) return { params, query: parsed.data, errors: {} };
  const errors: TAnalyticsParams["errors"] = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "to") as keyof TAnalyticsParams["errors"];
    errors[field] ??= issue.message;
  }
  return { params, query: null, errors };
}
