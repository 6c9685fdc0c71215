import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/i18n/navigation";
import type { TWebhookEndpointStatus, TWebhookRecentCount } from "../dto";
import { EnableEndpointControl } from "./enable-endpoint-control";

const code = (chunks: ReactNode) => <code className="rounded bg-slate-100 px-1 break-all">{chunks}</code>;

/** Configured or not, where events go (host and tail only), 410 state, options, this week's backlog. */
export async function EndpointStatusCard({ status }: { status: TWebhookEndpointStatus }) {
  const t = await getTranslations("webhooks.endpoint");
  const format = await getFormatter();
  const count = (recent: TWebhookRecentCount) =>
    recent.value > recent.cap ? t("capped", { count: format.number(recent.cap) }) : format.number(recent.value);
  const disabledOn = status.disabledAt
    ? format.dateTime(status.disabledAt, { dateStyle: "long", timeStyle: "short" })
    : "";

  return (
    <Card aria-labelledby="endpoint-title" data-testid="webhook-endpoint">
      <CardHeader>
        <CardTitle id="endpoint-title">{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4">
        {!status.configured ? (
          <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-3 text-sm text-amber-950">
            <h3 className="font-semibold">{t("notConfiguredTitle")}</h3>
            <p>{t("notConfiguredBody")}</p>
            <p>
              {t.rich("notConfiguredHowTo", {
                code,
                settings: (chunks) => (
                  <Link href="/admin/parametres" className="font-medium underline underline-offset-4">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          </div>
        ) : (
          <>
            {status.disabledAt ? (
              <Alert className="space-y-1 py-3">
                <h3 className="font-semibold">{t("disabledTitle")}</h3>
                <p>
                  {status.disabledReason === "gone"
                    ? t("disabledGone", { date: disabledOn })
                    : t("disabledOther", { date: disabledOn })}
                </p>
              </Alert>
            ) : null}
            <EnableEndpointControl disabled={status.disabledAt !== null} />
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <div className="min-w-0 sm:col-span-2">
                <dt className="text-slate-600">{t("url")}</dt>
                <dd className="font-mono break-all" data-testid="webhook-endpoint-url">
                  {status.displayUrl}
                </dd>
                <dd className="text-xs text-slate-500">{t("urlHint")}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("state")}</dt>
                <dd>
                  {status.disabledAt ? (
                    <Badge tone="red">{t("disabled")}</Badge>
                  ) : (
                    <Badge tone="green">{t("active")}</Badge>
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("signing")}</dt>
                <dd>{status.signed ? t("on") : t("off")}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("apiKey")}</dt>
                <dd>{status.apiKey ? t("on") : t("off")}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("internalNotes")}</dt>
                <dd>{status.includeInternal ? t("yes") : t("no")}</dd>
              </div>
              <div className="min-w-0 sm:col-span-2">
                <dt className="text-slate-600">{t("events")}</dt>
                <dd className="flex flex-wrap gap-1">
                  {status.enabledTypes.map((type) => (
                    <code key={type} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                      {type}
                    </code>
                  ))}
                </dd>
              </div>
            </dl>
          </>
        )}
        <section aria-labelledby="endpoint-recent-title">
          <h3 id="endpoint-recent-title" className="text-sm font-medium text-slate-700">
            {t("recent")}
          </h3>
          <dl className="mt-2 grid grid-cols-2 gap-3">
            <div className="rounded-md border border-slate-200 p-3" data-testid="webhook-recent-pending">
              <dt className="text-xs text-slate-600">{t("pending")}</dt>
              <dd className="text-xl font-semibold">{count(status.recent.pending)}</dd>
            </div>
            <div className="rounded-md border border-slate-200 p-3" data-testid="webhook-recent-failed">
              <dt className="text-xs text-slate-600">{t("failed")}</dt>
              <dd className="text-xl font-semibold">{count(status.recent.failed)}</dd>
            </div>
          </dl>
        </section>
      </CardContent>
    </Card>
  );
}
