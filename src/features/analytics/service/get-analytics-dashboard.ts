import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import type { TAnalyticsDashboard, TAnalyticsDay, TSlaCompliance } from "../dto";
import {
  selectAdminRows,
  selectAnalyticsComplete,
  selectBacklogBefore,
  selectBacklogByAge,
  selectDailySeries,
  selectRangeSummary,
  type TAnalyticsFilters,
} from "../repository";
import { addDays, daysBetween, type TAnalyticsQuery, todayIn } from "../schemas";

const rateOf = (met: number, total: number) => (total > 0 ? met / total : null);
const complianceOf = ({ met, breached }: { met: number; breached: number }): TSlaCompliance => ({
  met,
  breached,
  rate: rateOf(met, met + breached),
});

/**
 * The analytics dashboard (issue 16) for admins: per day created / resolved / backlog, the
 * backlog by age, first-response and resolution medians and p90 (business hours), SLA compliance,
 * CSAT, and the
 * per-admin table, for a range of local days and optional category / admin filters. Everything
 * comes from analytics_daily (RLS: admins only), in one read-only transaction.
 */
export async function getAnalyticsDashboard(user: TSessionUser, query: TAnalyticsQuery): Promise<TAnalyticsDashboard> {
  assertRole(user, "admin");
  const filters: TAnalyticsFilters = { from: query.from, to: query.to, category: query.category, adminId: query.admin };
  const today = todayIn(env().APP_TIME_ZONE);
  return withUser(user, async (tx) => {
    const state = await selectAnalyticsComplete(tx);
    const series = await selectDailySeries(tx, filters);
    const backlogStart = await selectBacklogBefore(tx, filters);
    const backlogByAge = await selectBacklogByAge(tx, filters, today);
    const summary = await selectRangeSummary(tx, filters);
    const admins = (await selectAdminRows(tx, filters)).map((row) => ({
      ...row,
      slaRate: rateOf(row.slaMet, row.slaTotal),
    }));

    const byDay = new Map(series.map((row) => [row.day, row]));
    const days: TAnalyticsDay[] = [];
    let backlog = backlogStart;
    let created = 0;
    let resolved = 0;
    for (let i = 0; i <= daysBetween(query.from, query.to); i++) {
      const day = addDays(query.from, i);
      const row = byDay.get(day);
      backlog += row?.net ?? 0;
      created += row?.created ?? 0;
      resolved += row?.resolved ?? 0;
      days.push({ day, created: row?.created ?? 0, resolved: row?.resolved ?? 0, backlog });
    }
    return {
      from: query.from,
      to: query.to,
      days,
      totals: { created, resolved, backlogStart, backlogEnd: backlog },
      backlogByAge,
      firstResponse: {
        count: summary.firstResponse.count,
        medianSeconds: summary.firstResponse.median,
        p90Seconds: summary.firstResponse.p90,
      },
      resolution: {
        count: summary.resolution.count,
        medianSeconds: summary.resolution.median,
        p90Seconds: summary.resolution.p90,
      },
      sla: {
        firstResponse: complianceOf(summary.sla.firstResponse),
        resolution: complianceOf(summary.sla.resolution),
        overall: complianceOf({
          met: summary.sla.firstResponse.met + summary.sla.resolution.met,
          breached: summary.sla.firstResponse.breached + summary.sla.resolution.breached,
        }),
      },
      csat: {
        count: summary.csat.count,
        average: summary.csat.count > 0 ? summary.csat.sum / summary.csat.count : null,
        distribution: summary.csat.distribution,
      },
      admins,
      complete: state.complete,
    };
  });
}
