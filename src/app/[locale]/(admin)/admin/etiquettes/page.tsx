import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { TagManager } from "@/features/tickets/components";
import { listTagsWithUsage } from "@/features/tickets/service/manage-tags";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("tagManager", "title");

export default async function TagsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const tags = await listTagsWithUsage(user);
  const t = await getTranslations("tagManager");
  return (
    <ClientMessages scope="tags">
      <div className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <TagManager tags={tags} />
      </div>
    </ClientMessages>
  );
}
