import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { categoryLabel } from "@/features/tickets/category-label";
import { PriorityBadge, StatusBadge } from "@/features/tickets/components/status-badge";
import { getAdminDashboard } from "@/features/tickets/service/get-admin-dashboard";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { WebhooksDashboardPanel } from "@/features/webhooks/components/webhooks-dashboard-panel";
import { getWebhookEndpointStatus } from "@/features/webhooks/service/get-webhook-endpoint-status";
import { requirePageUser } from "@/server/auth/page-guard";

const COUNTERS = [
  { key: "open", label: "countOpen" },
  { key: "inProgress", label: "countInProgress" },
  { key: "unassigned", label: "countUnassigned" },
  { key: "mine", label: "countMine" },
] as const;

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "admin" });
  return { title: t("title") };
}

export default async function AdminHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [{ counts, recent }, categories, webhooks] = await Promise.all([
    getAdminDashboard(user),
    listCategories(user),
    getWebhookEndpointStatus(user),
  ]);
  const t = await getTranslations("admin");
  const tTicket = await getTranslations("ticket");
  const format = await getFormatter();

  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <WebhooksDashboardPanel status={webhooks} />
        <section aria-labelledby="counts-title">
          <h2 id="counts-title" className="sr-only">
            {t("unresolved")}
          </h2>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {COUNTERS.map(({ key, label }) => (
              <div key={key} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`count-${key}`}>
                <dt className="text-sm text-slate-600">{t(label)}</dt>
                <dd className="text-2xl font-semibold">{format.number(counts[key])}</dd>
              </div>
            ))}
          </dl>
        </section>
        <Card>
          <CardHeader>
            <CardTitle>{t("recent")}</CardTitle>
          </CardHeader>
          <CardContent className="p-0 sm:p-0">
            {recent.length === 0 ? (
              <p className="px-4 py-6 text-slate-600 sm:px-6">{t("empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {recent.map((ticket) => (
                  <li key={ticket.id} className="flex flex-col gap-1 px-4 py-3 sm:px-6" data-testid="admin-ticket">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-xs text-slate-500">{tTicket("number", { number: ticket.number })}</span>
                      <StatusBadge status={ticket.status} />
                      <PriorityBadge priority={ticket.priority} />
                      <Badge tone="violet">{categoryLabel(categories, ticket.category, locale)}</Badge>
                    </div>
                    <p className="font-medium">{ticket.subject}</p>
                    <p className="text-xs text-slate-500">
                      {t("from", { name: ticket.student.name })} ·{" "}
                      {format.dateTime(ticket.createdAt, { dateStyle: "medium", timeStyle: "short" })} ·{" "}
                      {ticket.assignee?.name ?? t("unassigned")}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </main>
    </>
  );
}
