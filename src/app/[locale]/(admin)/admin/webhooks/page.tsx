import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DeliveryFilters } from "@/features/webhooks/components/delivery-filters";
import { DeliveryLog } from "@/features/webhooks/components/delivery-log";
import { EndpointStatusCard } from "@/features/webhooks/components/endpoint-status-card";
import { webhookLogFiltersOf } from "@/features/webhooks/schemas";
import { getWebhookEndpointStatus } from "@/features/webhooks/service/get-webhook-endpoint-status";
import { listWebhookDeliveries } from "@/features/webhooks/service/list-webhook-deliveries";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("webhooks");

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const filters = webhookLogFiltersOf(await searchParams);
  const [status, firstPage] = await Promise.all([getWebhookEndpointStatus(user), listWebhookDeliveries(user, filters)]);
  const t = await getTranslations("webhooks");

  return (
    <ClientMessages scope="webhooks">
      <div className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <PageHeading
          title={t("title")}
          intro={t("intro")}
          back={
            <Link href="/admin" className="text-sm text-brand-700 underline underline-offset-4">
              {t("backToDashboard")}
            </Link>
          }
        />
        <EndpointStatusCard status={status} />
        <Card aria-labelledby="deliveries-title">
          <CardHeader>
            <CardTitle id="deliveries-title">{t("list.title")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <DeliveryFilters filters={filters} locale={locale} />
            {/* A new filter is a new list: remount so no page of the previous one lingers. */}
            <DeliveryLog
              key={`${filters.type ?? ""}:${filters.state ?? ""}`}
              initialPage={firstPage}
              filters={filters}
              canSend={status.configured && status.disabledAt === null}
            />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
