import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Link } from "@/i18n/navigation";
import type { TWebhookEndpointStatus } from "../dto";
import { getWorkerPresenceNotice } from "../service/get-worker-presence";

/**
 * For the admin dashboard: the way to the webhook log, a loud alert while a 410 keeps it
 * disabled, and a notice when no worker has sent anything lately (events wait meanwhile).
 */
export async function WebhooksDashboardPanel({ status }: { status: TWebhookEndpointStatus }) {
  const t = await getTranslations("webhooks.dashboard");
  const format = await getFormatter();
  const worker = await getWorkerPresenceNotice();
  return (
    <div className="space-y-3">
      {worker.missing ? (
        <Alert className="space-y-1 py-3" data-testid="webhooks-no-worker-banner">
          <h2 className="font-semibold">
            {worker.lastSeenAt
              ? t("noWorker.titleSince", {
                  date: format.dateTime(worker.lastSeenAt, { dateStyle: "long", timeStyle: "short" }),
                })
              : t("noWorker.titleNever")}
          </h2>
          <p>{t("noWorker.body")}</p>
        </Alert>
      ) : null}
      {status.configured && status.disabledAt ? (
        <Alert className="space-y-1 py-3" data-testid="webhooks-disabled-banner">
          <h2 className="font-semibold">{t("disabledTitle")}</h2>
          <p>
            {t("disabledBody", { date: format.dateTime(status.disabledAt, { dateStyle: "long", timeStyle: "short" }) })}
          </p>
          <p>
            <Link href="/admin/webhooks" className="font-medium underline underline-offset-4">
              {t("disabledAction")}
            </Link>
          </p>
        </Alert>
      ) : null}
      <nav aria-label={t("link")}>
        <Link
          href="/admin/webhooks"
          className="inline-flex flex-col rounded-lg border border-slate-200 bg-white px-4 py-3 hover:border-brand-600"
        >
          <span className="font-medium text-brand-700">{t("link")}</span>
          <span className="text-sm text-slate-600">{t("linkHint")}</span>
        </Link>
      </nav>
    </div>
  );
}
