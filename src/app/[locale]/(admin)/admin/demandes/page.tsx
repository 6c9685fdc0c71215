import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Suspense } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { AdminTicketFilters } from "@/features/tickets/components/admin-ticket-filters";
import { AdminTicketList } from "@/features/tickets/components/admin-ticket-list";
import { SaveViewForm } from "@/features/tickets/components/save-view-form";
import { SavedViewsNav } from "@/features/tickets/components/saved-views-nav";
import { adminListFiltersOf, listParamsRecord } from "@/features/tickets/list-params";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminsForAssignment, listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { listTags } from "@/features/tickets/service/manage-tags";
import { getSavedView, listSavedViewsWithCounts } from "@/features/tickets/service/saved-views";
import { findStudent } from "@/features/users";
import { StudentPicker } from "@/features/users/components";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePageUser } from "@/server/auth/page-guard";
import type { TSessionUser } from "@/server/auth/session";
import { toAppError } from "@/server/errors";
import { isUuid } from "@/server/text-shapes";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.adminList" });
  return { title: t("title") };
}

/** A saved view's filters (?view=…), or null when it does not exist or is not the admin's to see. */
async function openView(user: TSessionUser, viewId: string | undefined) {
  if (!viewId || !isUuid(viewId)) return null;
  try {
    return await getSavedView(user, viewId);
  } catch (error) {
    if (toAppError(error).code === "NOT_FOUND") return null;
    throw error;
  }
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
  const search = await searchParams;
  const viewId = typeof search.view === "string" ? search.view : undefined;
  const view = await openView(user, viewId);
  const filters = adminListFiltersOf(view ? view.params : search);
  const [page, categories, admins, tags, student] = await Promise.all([
    filters.query ? getAllSupportTickets(user, filters.query) : null,
    listCategories(user),
    getAdminsForAssignment(user),
    listTags(user),
    filters.params.student ? findStudent(user, filters.params.student) : null,
  ]);
  const t = await getTranslations("tickets.adminList");
  const tFilters = await getTranslations("tickets.adminList.filters");
  // The export takes the list's own parameters (every filter and the sort, not the cursor).
  const exportQuery = new URLSearchParams(
    Object.entries(filters.params).filter(([, value]) => value !== "") as [string, string][],
  ).toString();
  const tViews = await getTranslations("tickets.views");
  const count = page?.items.length ?? 0;
  const summary = !page
    ? t("summaryInvalid")
    : count === 0
      ? t("summaryNone")
      : page.nextCursor
        ? t("summaryMore", { count })
        : t("summary", { count });

  return (
    <ClientMessages scope="adminTickets">
      <div className="mx-auto max-w-6xl space-y-5 px-4 py-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{view ? tViews("pageTitle", { name: view.name }) : t("title")}</h1>
          <p className="text-slate-600">{t("intro")}</p>
        </div>
        {viewId && !view ? <Alert>{tViews("notFound")}</Alert> : null}
        <section aria-labelledby="saved-views-title" className="space-y-2">
          <h2 id="saved-views-title" className="text-sm font-semibold text-slate-800">
            {tViews("title")}
          </h2>
          {/* Counted after the list is drawn: the counts never hold the page back. */}
          <Suspense fallback={<p className="text-sm text-slate-600">{tViews("loading")}</p>}>
            <ViewsWithCounts user={user} currentViewId={view?.id ?? null} />
          </Suspense>
        </section>
        <Card>
          <CardContent className="space-y-4">
            <AdminTicketFilters
              filters={filters}
              categories={categories}
              admins={admins}
              currentUserId={user.id}
              locale={locale}
              tags={tags}
              studentFilter={
                <StudentPicker
                  name="student"
                  label={tFilters("student")}
                  initial={
                    filters.params.student
                      ? (student ?? { id: filters.params.student, name: tFilters("unknownStudent"), email: "" })
                      : null
                  }
                />
              }
            />
            {filters.query ? (
              <div className="border-t border-slate-100 pt-3">
                <SaveViewForm params={listParamsRecord(filters.params)} />
              </div>
            ) : null}
          </CardContent>
        </Card>
        <section aria-labelledby="ticket-results-title" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="ticket-results-title" className="text-lg font-semibold">
              {t("results")}
            </h2>
            <div className="flex flex-wrap items-baseline gap-3">
              {/* Stays mounted across filter changes, so the new result is announced. */}
              <p role="status" className="text-sm text-slate-600" data-testid="ticket-results-summary">
                {summary}
              </p>
              {page ? (
                <a
                  href={`/api/tickets/export${exportQuery ? `?${exportQuery}` : ""}`}
                  className="text-sm font-medium text-brand-700 underline underline-offset-4"
                  data-testid="tickets-export"
                  download
                >
                  {t("exportCsv")}
                </a>
              ) : null}
            </div>
          </div>
          {page ? (
            <Card>
              <CardContent className="py-3">
                <AdminTicketList
                  key={JSON.stringify(filters.params)}
                  initialItems={page.items}
                  initialCursor={page.nextCursor}
                  query={filters.query ?? {}}
                  admins={admins}
                  tags={tags}
                  currentUserId={user.id}
                />
              </CardContent>
            </Card>
          ) : (
            <Alert>{t("invalidFilters")}</Alert>
          )}
        </section>
      </div>
    </ClientMessages>
  );
}

async function ViewsWithCounts({ user, currentViewId }: { user: TSessionUser; currentViewId: string | null }) {
  const { views, cap } = await listSavedViewsWithCounts(user);
  return <SavedViewsNav views={views} cap={cap} currentViewId={currentViewId} />;
}
