import { setRequestLocale } from "next-intl/server";
import { AdminDashboard } from "@/features/tickets/components/admin-dashboard";
import { getAdminDashboard } from "@/features/tickets/service/get-admin-dashboard";
import { WebhooksDashboardPanel } from "@/features/webhooks/components/webhooks-dashboard-panel";
import { getWebhookEndpointStatus } from "@/features/webhooks/service/get-webhook-endpoint-status";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("admin");

export default async function AdminHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [dashboard, webhooks] = await Promise.all([getAdminDashboard(user), getWebhookEndpointStatus(user)]);

  return (
    <div className="mx-auto max-w-6xl space-y-6 px-4 py-6">
      <AdminDashboard
        dashboard={dashboard}
        currentUserId={user.id}
        notices={<WebhooksDashboardPanel status={webhooks} />}
      />
    </div>
  );
}
