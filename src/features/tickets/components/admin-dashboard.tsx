import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import type { TAdminDashboard } from "../dto";
import { AdminDashboardCounters } from "./admin-dashboard-counters";
import { AdminDashboardTicketList } from "./admin-dashboard-ticket-list";

/**
 * The admin's home: unresolved counts, the admin's work (assigned to them, the oldest waiting
 * for an answer) and the newest unresolved tickets. What other features show here (the webhook
 * panel) comes in as `notices`, filled by the page, so tickets imports none of them: it goes
 * below the work lists.
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
      <AdminDashboardCounters dashboard={dashboard} currentUserId={currentUserId} />
      <div className="grid gap-6 lg:grid-cols-2">
        <AdminDashboardTicketList
          title={t("assignedToMe")}
          tickets={dashboard.assignedToMe}
          emptyText={t("assignedToMeEmpty")}
          seeAllHref={{ pathname: "/admin/demandes", query: { assignee: currentUserId, sort: "updated_asc" } }}
          testId="dashboard-assigned"
        />
        <AdminDashboardTicketList
          title={t("awaitingReply")}
          tickets={dashboard.awaitingReply}
          emptyText={t("awaitingReplyEmpty")}
          seeAllHref={{ pathname: "/admin/demandes", query: { status: "open", sort: "created_asc" } }}
          testId="dashboard-awaiting"
        />
      </div>
      <AdminDashboardTicketList
        title={t("recent")}
        tickets={dashboard.recent}
        emptyText={t("empty")}
        seeAllHref="/admin/demandes"
        testId="dashboard-recent"
      />
      {notices}
    </>
  );
}
