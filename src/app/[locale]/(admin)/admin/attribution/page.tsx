import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { RulesManager } from "@/features/assignment/components";
import { listAssignmentRules } from "@/features/assignment/service/manage-rules";
import { localizedCategoryLabel } from "@/features/tickets/category-label";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("assignment", "title");

export default async function AssignmentRulesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [{ rules, admins }, categories] = await Promise.all([listAssignmentRules(user), listCategories(user)]);
  const t = await getTranslations("assignment");
  return (
    <ClientMessages scope="assignmentRules">
      <div className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <RulesManager
          rules={rules}
          admins={admins}
          categories={categories.map((category) => ({
            slug: category.slug,
            label: localizedCategoryLabel({ fr: category.labelFr, en: category.labelEn }, locale),
          }))}
        />
      </div>
    </ClientMessages>
  );
}
