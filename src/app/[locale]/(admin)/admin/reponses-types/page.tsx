import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { CannedReplyManager } from "@/features/canned-replies/components";
import { listCannedReplies } from "@/features/canned-replies/service/list-canned-replies";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("cannedReplies", "title");

export default async function CannedRepliesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const replies = await listCannedReplies(user);
  const t = await getTranslations("cannedReplies");
  return (
    <ClientMessages scope="cannedReplies">
      <div className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <CannedReplyManager replies={replies} />
      </div>
    </ClientMessages>
  );
}
