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
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

const COUNTERS = [
  { key: "open", label: "countOpen" },
  { key: "inProgress", label: "countInProgress" },
  { key: "unassigned", label: "countUnassigned" },
  { key: "mine", label: "countMine" },
] as const;

/** Where each counter leads: the ticket list with the matching filter. */
function counterHref(key: (typeof COUNTERS)[number]["key"], userId: string) {
  switch (key) {
    case "open":
      return { pathname: "/admin/demandes", query: { status: "open" } };
    case "inProgress":
      return { pathname: "/admin/demandes", query: { status: "in_progress" } };
    case "unassigned":
      return { pathname: "/admin/demandes", query: { assignee: "unassigned", sort: "status_asc" } };
    case "mine":
      return { pathname: "/admin/demandes", query: { assignee: userId, sort: "status_asc" } };
  }
}

export const generateMetadata = titleFromMessages("admin");

export default async function AdminHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [{ counts, countCap, recent }, categories, webhooks] = await Promise.all([
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
          <ul className="grid grid-cols-2 gap-3 md:grid-cols-4">
            {COUNTERS.map(({ key, label }) => (
              <li key={key}>
                <Link
                  href={counterHref(key, user.id)}
                  className="flex h-full flex-col-reverse rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600"
                  data-testid={`count-${key}`}
                >
                  <span className="text-sm text-slate-600">{t(label)}</span>
                  <span className="text-2xl font-semibold text-slate-900">
                    {counts[key] > countCap ? `${format.number(countCap)}+` : format.number(counts[key])}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <Card>
          <CardHeader className="flex flex-wrap items-baseline justify-between gap-2">
            <CardTitle>{t("recent")}</CardTitle>
            <Link href="/admin/demandes" className="text-sm text-brand-700 underline underline-offset-4">
              {t("seeAll")}
            </Link>
          </CardHeader>
          <CardContent className="p-0 sm:p-0">
            {recent.length === 0 ? (
              <p className="px-4 py-6 text-slate-600 sm:px-6">{t("empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {recent.map((ticket) => (
                  <li
                    key={ticket.id}
                    className="relative flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:-outline-offset-2 has-[a:focus-visible]:outline-brand-600 sm:px-6"
                    data-testid="admin-ticket"
                  >
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-xs text-slate-500">{tTicket("number", { number: ticket.number })}</span>
                      <StatusBadge status={ticket.status} />
                      <PriorityBadge priority={ticket.priority} />
                      <Badge tone="violet">{categoryLabel(categories, ticket.category, locale)}</Badge>
                    </div>
                    <h3 className="font-medium break-words">
                      <Link
                        href={`/admin/demandes/${ticket.id}`}
                        className="text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:outline-none"
                      >
                        {ticket.subject}
                      </Link>
                    </h3>
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
