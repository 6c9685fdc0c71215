import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getPublicSettings } from "@/features/settings";
import { GeneralSettingsForm } from "@/features/settings/components";
import { WebhookSettingsForm } from "@/features/webhooks/components";
import { getWebhookSettings } from "@/features/webhooks/service/get-webhook-settings";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("settings");

/** Settings admins change in the app (issue 17): the Make.com endpoint, the support contact, auto-close. */
export default async function SettingsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [webhook, general, t] = await Promise.all([
    getWebhookSettings(user),
    getPublicSettings(),
    getTranslations("settings"),
  ]);

  return (
    <ClientMessages scope="settings">
      <div className="mx-auto max-w-4xl space-y-6 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <Card aria-labelledby="webhook-settings-title" data-testid="webhook-settings">
          <CardHeader>
            <CardTitle id="webhook-settings-title">{t("webhook.title")}</CardTitle>
            <p className="text-sm text-slate-600">
              {t.rich("webhook.intro", {
                log: (chunks) => (
                  <Link href="/admin/webhooks" className="text-brand-700 underline underline-offset-4">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
          </CardHeader>
          <CardContent>
            <WebhookSettingsForm settings={webhook} />
          </CardContent>
        </Card>
        <Card aria-labelledby="general-settings-title" data-testid="general-settings">
          <CardHeader>
            <CardTitle id="general-settings-title">{t("general.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            <GeneralSettingsForm settings={general} />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
