import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { SlaSettings } from "@/features/sla/components";
import { getSlaSettings } from "@/features/sla/service/sla-settings";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePageUser } from "@/server/auth/page-guard";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "sla.settings" });
  return { title: t("title") };
}

export default async function SlaSettingsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const settings = await getSlaSettings(user);
  const t = await getTranslations("sla.settings");
  return (
    <ClientMessages scope="sla">
      <div className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <SlaSettings settings={settings} />
      </div>
    </ClientMessages>
  );
}
