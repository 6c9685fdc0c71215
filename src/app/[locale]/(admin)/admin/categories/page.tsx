import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { CategoryManager } from "@/features/tickets/components/category-manager";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePageUser } from "@/server/auth/page-guard";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.categories" });
  return { title: t("title") };
}

export default async function CategoriesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const categories = await listCategories(user);
  const t = await getTranslations("tickets.categories");

  return (
    <ClientMessages scope="categories">
      <div className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <CategoryManager initialCategories={categories} />
      </div>
    </ClientMessages>
  );
}
