import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { TAdminDashboard } from "../dto";
import { AdminDashboardCounters } from "./admin-dashboard-counters";
import { AdminDashboardRecent } from "./admin-dashboard-recent";

/**
 * The admin's home: unresolved counts and the newest tickets. What other features show here
 * (the webhook panel) comes in as `notices`, filled by the page, so tickets imports none of them.
 */
export async function AdminDashboard({
  dashboard,
  currentUserId,
  notices,
}: {
  dashboard: TAdminDashboard;
  currentUserId: string;
  notices?: ReactNode;
}) {
  const t = await getTranslations("admin");
  return (
    <>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {notices}
      <AdminDashboardCounters counts={dashboard.counts} countCap={dashboard.countCap} currentUserId={currentUserId} />
      <AdminDashboardRecent recent={dashboard.recent} />
    </>
  );
}
