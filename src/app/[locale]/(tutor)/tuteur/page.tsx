import { getTranslations, setRequestLocale } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getPublicSettings } from "@/features/settings";
import { SupportContact } from "@/features/settings/components";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("tutor");

export default async function TutorHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  // The guard is the point: the layout does not re-run on client navigation.
  await requirePageUser(locale, ["tutor"]);
  const [t, settings] = await Promise.all([getTranslations("tutor"), getPublicSettings()]);
  const { supportContact } = settings;
  const hasContact = Boolean(supportContact.email || supportContact.phone || supportContact.hours);
  return (
    <div className="mx-auto max-w-3xl space-y-4 px-4 py-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card>
        <CardContent>
          <p className="text-slate-700">{t("body")}</p>
        </CardContent>
      </Card>
      <Card aria-labelledby="tutor-contact-title" data-testid="tutor-support-contact">
        <CardHeader>
          <CardTitle id="tutor-contact-title">{t("contactTitle")}</CardTitle>
        </CardHeader>
        <CardContent>
          {hasContact ? (
            <SupportContact contact={supportContact} className="space-y-2 text-sm" />
          ) : (
            <p className="text-sm text-slate-600">{t("contactNone")}</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
