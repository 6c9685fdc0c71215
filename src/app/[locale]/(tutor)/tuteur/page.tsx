import { getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { Card, CardContent } from "@/components/ui/card";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("tutor");

export default async function TutorHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["tutor"]);
  const t = await getTranslations("tutor");
  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-3xl space-y-4 px-4 py-6">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <Card>
          <CardContent>
            <p className="text-slate-700">{t("body")}</p>
          </CardContent>
        </Card>
      </main>
    </>
  );
}
