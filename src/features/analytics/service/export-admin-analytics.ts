import "server-only";
import type { TLocale } from "@/i18n/routing";
import type { TSessionUser } from "@/server/auth/session";
import { CSV_BOM, csvLine } from "@/server/http/csv";
import { translatorFor } from "@/server/http/locale";
import type { TAnalyticsQuery } from "../schemas";
import { getAnalyticsDashboard } from "./get-analytics-dashboard";

/**
 * The analytics page's per-admin table as CSV, for the same range and filters. It is one row
 * per admin (a few dozen at most), already summed by the database: built in memory, unlike the
 * ticket export, which streams.
 */
export async function exportAdminAnalytics(user: TSessionUser, query: TAnalyticsQuery, locale: TLocale) {
  const dashboard = await getAnalyticsDashboard(user, query);
  const t = translatorFor(locale, "analytics");
  const lines = [
    csvLine([
      t("csv.admin"),
      t("csv.assigned"),
      t("csv.resolved"),
      t("csv.firstResponses"),
      t("csv.medianFirstResponseMinutes"),
      t("csv.slaMet"),
      t("csv.slaTotal"),
      t("csv.slaRate"),
      t("csv.csatCount"),
      t("csv.csatAverage"),
    ]),
    ...dashboard.admins.map((row) =>
      csvLine([
        row.adminId ? (row.name ?? row.adminId) : t("csv.unassigned"),
        row.assigned,
        row.resolved,
        row.firstResponses,
        row.medianFirstResponseSeconds === null ? null : Math.round(row.medianFirstResponseSeconds / 60),
        row.slaMet,
        row.slaTotal,
        row.slaRate === null ? null : Math.round(row.slaRate * 1000) / 10,
        row.csatCount,
        row.csatAverage === null ? null : Math.round(row.csatAverage * 100) / 100,
      ]),
    ),
  ];
  return CSV_BOM + lines.join("");
}
