import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { categoryLabels } from "@/features/tickets/category-label";
import { AdminTicketFilters } from "@/features/tickets/components/admin-ticket-filters";
import { AdminTicketList } from "@/features/tickets/components/admin-ticket-list";
import { adminListFiltersOf } from "@/features/tickets/list-params";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminsForAssignment, listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { requirePageUser } from "@/server/auth/page-guard";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.adminList" });
  return { title: t("title") };
}

export default async function AdminTicketsPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const filters = adminListFiltersOf(await searchParams);
  const [page, categories, admins] = await Promise.all([
    filters.query ? getAllSupportTickets(user, filters.query) : null,
    listCategories(user),
    getAdminsForAssignment(user),
  ]);
  const t = await getTranslations("tickets.adminList");
  const count = page?.items.length ?? 0;
  const summary = !page
    ? t("summaryInvalid")
    : count === 0
      ? t("summaryNone")
      : page.nextCursor
        ? t("summaryMore", { count })
        : t("summary", { count });

  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl space-y-5 px-4 py-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-slate-600">{t("intro")}</p>
        </div>
        <Card>
          <CardContent>
            <AdminTicketFilters
              filters={filters}
              categories={categories}
              admins={admins}
              currentUserId={user.id}
              locale={locale}
            />
          </CardContent>
        </Card>
        <section aria-labelledby="ticket-results-title" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="ticket-results-title" className="text-lg font-semibold">
              {t("results")}
            </h2>
            {/* Stays mounted across filter changes, so the new result is announced. */}
            <p role="status" className="text-sm text-slate-600" data-testid="ticket-results-summary">
              {summary}
            </p>
          </div>
          {page ? (
            <Card>
              <CardContent className="py-1">
                <AdminTicketList
                  key={JSON.stringify(filters.params)}
                  initialItems={page.items}
                  initialCursor={page.nextCursor}
                  query={filters.query ?? {}}
                  categoryLabels={categoryLabels(categories, locale)}
                />
              </CardContent>
            </Card>
          ) : (
            <Alert>{t("invalidFilters")}</Alert>
          )}
        </section>
      </main>
    </>
  );
}
