import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Link } from "@/i18n/navigation";
import type { TWebhookEndpointStatus } from "../dto";

/** For the admin dashboard: the way to the webhook log, and a loud alert while a 410 keeps it disabled. */
export async function WebhooksDashboardPanel({ status }: { status: TWebhookEndpointStatus }) {
  const t = await getTranslations("webhooks.dashboard");
  const format = await getFormatter();
  return (
    <div className="space-y-3">
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
