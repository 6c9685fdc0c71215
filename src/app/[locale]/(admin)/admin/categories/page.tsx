import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { CategoryManager } from "@/features/tickets/components/category-manager";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
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
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-3xl space-y-5 px-4 py-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-slate-600">{t("intro")}</p>
        </div>
        <CategoryManager initialCategories={categories} />
      </main>
    </>
  );
}
