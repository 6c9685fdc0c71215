import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";

// The analytics feature's SQL: sums over analytics_daily (migration 0026), a few rows per day,
// never a scan of tickets or messages. Percentiles unnest the days' exact durations (business
// seconds, migration 0034).

export type TAnalyticsFilters = { from: string; to: string; category?: string; adminId?: string };

function where(filters: TAnalyticsFilters, range: "in" | "before" | "all"): SQL {
  const parts: SQL[] = [];
  if (range === "in") parts.push(sql`d.day between ${filters.from}::date and ${filters.to}::date`);
  if (range === "before") parts.push(sql`d.day < ${filters.from}::date`);
  if (filters.category) parts.push(sql`d.category = ${filters.category}`);
  if (filters.adminId) parts.push(sql`d.admin_id = ${filters.adminId}::uuid`);
  return parts.length > 0 ? sql`where ${sql.join(parts, sql` and `)}` : sql``;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export async function selectDailySeries(tx: TTx, filters: TAnalyticsFilters) {
  const result = await tx.execute<{ day: string; created: number; resolved: number; net: number }>(sql`
    select d.day::text as day, sum(d.created)::int as created, sum(d.resolved)::int as resolved,
           sum(d.backlog_net)::int as net
      from analytics_daily d ${where(filters, "in")}
     group by d.day order by d.day
  `);
  return result.rows.map((r) => ({ day: r.day, created: num(r.created), resolved: num(r.resolved), net: num(r.net) }));
}

/** The backlog when the range starts: every day's flow before it. */
export async function selectBacklogBefore(tx: TTx, filters: TAnalyticsFilters): Promise<number> {
  const result = await tx.execute<{ n: number }>(
    sql`select coalesce(sum(d.backlog_net), 0)::int as n from analytics_daily d ${where(filters, "before")}`,
  );
  return num(result.rows[0]?.n);
}

/** Open tickets now, by the day they were created, bucketed by age relative to `today`. */
export async function selectBacklogByAge(tx: TTx, filters: TAnalyticsFilters, today: string) {
  const base = where(filters, "all");
  const open = filters.category || filters.adminId ? sql`and d.open_now <> 0` : sql`where d.open_now <> 0`;
  const result = await tx.execute<Record<string, number>>(sql`
    select coalesce(sum(d.open_now) filter (where d.day >= ${today}::date), 0)::int as today,
           coalesce(sum(d.open_now) filter (where d.day between ${today}::date - 2 and ${today}::date - 1), 0)::int as days1to2,
           coalesce(sum(d.open_now) filter (where d.day between ${today}::date - 7 and ${today}::date - 3), 0)::int as days3to7,
           coalesce(sum(d.open_now) filter (where d.day between ${today}::date - 30 and ${today}::date - 8), 0)::int as days8to30,
           coalesce(sum(d.open_now) filter (where d.day < ${today}::date - 30), 0)::int as over30
      from analytics_daily d ${base} ${open}
  `);
  const row = result.rows[0] ?? {};
  return {
    today: num(row.today),
    days1to2: num(row.days1to2),
    days3to7: num(row.days3to7),
    days8to30: num(row.days8to30),
    over30: num(row.over30),
  };
}

/** Median and p90 of first responses and of resolution times in the range, and CSAT. */
export async function selectRangeSummary(tx: TTx, filters: TAnalyticsFilters) {
  const w = where(filters, "in");
  const result = await tx.execute<{
    fr: number[] | null;
    res: number[] | null;
    csat_count: number;
    csat_sum: number;
    c1: number;
    c2: number;
    c3: number;
    c4: number;
    c5: number;
    fr_met: number;
    fr_breached: number;
    res_met: number;
    res_breached: number;
  }>(sql`
    with rows as (select * from analytics_daily d ${w})
    select (select percentile_disc(array[0.5, 0.9]) within group (order by v) from rows, unnest(rows.first_response_bh_secs) v) as fr,
           (select percentile_disc(array[0.5, 0.9]) within group (order by v) from rows, unnest(rows.resolution_bh_secs) v) as res,
           coalesce(sum(sla_fr_met), 0)::int as fr_met, coalesce(sum(sla_fr_breached), 0)::int as fr_breached,
           coalesce(sum(sla_res_met), 0)::int as res_met, coalesce(sum(sla_res_breached), 0)::int as res_breached,
           coalesce(sum(csat_count), 0)::int as csat_count, coalesce(sum(csat_sum), 0)::int as csat_sum,
           coalesce(sum(csat_1), 0)::int as c1, coalesce(sum(csat_2), 0)::int as c2, coalesce(sum(csat_3), 0)::int as c3,
           coalesce(sum(csat_4), 0)::int as c4, coalesce(sum(csat_5), 0)::int as c5
      from rows
  `);
  const row = result.rows[0];
  const pair = (values: number[] | null) => ({ median: numOrNull(values?.[0]), p90: numOrNull(values?.[1]) });
  const sla = (met: unknown, breached: unknown) => ({ met: num(met), breached: num(breached) });
  return {
    firstResponse: { count: num(row?.fr_met) + num(row?.fr_breached), ...pair(row?.fr ?? null) },
    resolution: { count: num(row?.res_met) + num(row?.res_breached), ...pair(row?.res ?? null) },
    sla: { firstResponse: sla(row?.fr_met, row?.fr_breached), resolution: sla(row?.res_met, row?.res_breached) },
    csat: {
      count: num(row?.csat_count),
      sum: num(row?.csat_sum),
      distribution: [num(row?.c1), num(row?.c2), num(row?.c3), num(row?.c4), num(row?.c5)] as [
        number,
        number,
        number,
        number,
        number,
      ],
    },
  };
}

/** One row per admin (and one for unassigned) with figures in the range. */
export async function selectAdminRows(tx: TTx, filters: TAnalyticsFilters) {
  const w = where(filters, "in");
  const result = await tx.execute<{
    admin_id: string | null;
    name: string | null;
    assigned: number;
    resolved: number;
    first_responses: number;
    median_fr: number | null;
    csat_count: number;
    csat_sum: number;
    sla_met: number;
    sla_total: number;
  }>(sql`
    with rows as (select * from analytics_daily d ${w}),
    sums as (
      select admin_id, sum(created)::int as assigned, sum(resolved)::int as resolved,
             sum(first_responses)::int as first_responses, sum(csat_count)::int as csat_count, sum(csat_sum)::int as csat_sum,
             sum(sla_fr_met + sla_res_met)::int as sla_met,
             sum(sla_fr_met + sla_fr_breached + sla_res_met + sla_res_breached)::int as sla_total
        from rows group by admin_id
    ),
    medians as (
      select admin_id, percentile_disc(0.5) within group (order by v) as median_fr
        from rows, unnest(rows.first_response_bh_secs) v group by admin_id
    )
    select s.admin_id, u.name, s.assigned, s.resolved, s.first_responses, m.median_fr, s.csat_count, s.csat_sum,
           s.sla_met, s.sla_total
      from sums s
      left join medians m on m.admin_id is not distinct from s.admin_id
      left join users u on u.id = s.admin_id
     where s.assigned <> 0 or s.resolved <> 0 or s.first_responses <> 0 or s.csat_count <> 0 or s.sla_total <> 0
     order by u.name nulls last, s.admin_id
  `);
  return result.rows.map((r) => ({
    adminId: r.admin_id,
    name: r.name,
    assigned: num(r.assigned),
    resolved: num(r.resolved),
    firstResponses: num(r.first_responses),
    medianFirstResponseSeconds: numOrNull(r.median_fr),
    slaMet: num(r.sla_met),
    slaTotal: num(r.sla_total),
    csatCount: num(r.csat_count),
    csatAverage: num(r.csat_count) > 0 ? num(r.csat_sum) / num(r.csat_count) : null,
  }));
}

export async function selectAnalyticsComplete(tx: TTx): Promise<{ complete: boolean; timeZone: string }> {
  const result = await tx.execute<{ backfill_done: boolean; time_zone: string }>(
    sql`select backfill_done, time_zone from analytics_state`,
  );
  const row = result.rows[0];
  return { complete: row?.backfill_done ?? false, timeZone: row?.time_zone ?? "America/Toronto" };
}
