import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { AnalyticsDashboard } from "@/features/analytics/components/analytics-dashboard";
import { AnalyticsFilters } from "@/features/analytics/components/analytics-filters";
import { analyticsParamsOf } from "@/features/analytics/params";
import { getAnalyticsDashboard } from "@/features/analytics/service/get-analytics-dashboard";
import { localizedCategoryLabel } from "@/features/tickets/category-label";
import { getAdminsForAssignment, listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { ClientMessages } from "@/i18n/client-messages";
import { getPathname } from "@/i18n/navigation";
import { requirePageUser } from "@/server/auth/page-guard";
import { env } from "@/server/env";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "analytics" });
  return { title: t("title") };
}

export default async function AnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const filters = analyticsParamsOf(await searchParams, env().APP_TIME_ZONE);
  const [dashboard, categories, admins] = await Promise.all([
    filters.query ? getAnalyticsDashboard(user, filters.query) : null,
    listCategories(user),
    getAdminsForAssignment(user),
  ]);
  const t = await getTranslations("analytics");
  const csvQuery = new URLSearchParams(
    Object.entries(filters.params).filter(([, value]) => value !== "") as [string, string][],
  );
  csvQuery.set("locale", locale);

  return (
    <ClientMessages scope="analytics">
      <div className="mx-auto max-w-6xl space-y-5 px-4 py-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-slate-600">{t("intro")}</p>
        </div>
        <Card>
          <CardContent>
            <AnalyticsFilters
              filters={filters}
              action={getPathname({ href: "/admin/analytique", locale })}
              categories={categories.map((c) => ({
                slug: c.slug,
                label: localizedCategoryLabel({ fr: c.labelFr, en: c.labelEn }, locale),
              }))}
              admins={admins.map((a) => ({ id: a.id, name: `${a.firstName} ${a.lastName}`.trim() || a.email }))}
            />
          </CardContent>
        </Card>
        {dashboard ? (
          <AnalyticsDashboard dashboard={dashboard} adminCsvUrl={`/api/analytics/admins?${csvQuery.toString()}`} />
        ) : (
          <Alert>{t("invalidFilters")}</Alert>
        )}
      </div>
    </ClientMessages>
  );
}
