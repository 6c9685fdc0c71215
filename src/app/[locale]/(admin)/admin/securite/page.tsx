import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { auditLogFiltersOf, listAuditEvents } from "@/features/audit";
import { AuditFilters, AuditLog } from "@/features/audit/components";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("audit");

export default async function SecurityLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const filters = auditLogFiltersOf(await searchParams);
  const firstPage = await listAuditEvents(user, filters);
  const t = await getTranslations("audit");
  return (
    <ClientMessages scope="auditLog">
      <div className="mx-auto max-w-5xl space-y-6 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <Card aria-labelledby="audit-list-title">
          <CardHeader>
            <CardTitle id="audit-list-title">{t("listTitle")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <AuditFilters type={filters.type} locale={locale} />
            {/* A new filter is a new list: remount so no page of the previous one lingers. */}
            <AuditLog key={filters.type ?? ""} initialPage={firstPage} type={filters.type} />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
