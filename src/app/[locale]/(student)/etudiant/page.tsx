import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { categoryLabel } from "@/features/tickets/category-label";
import { StatusBadge } from "@/features/tickets/components/status-badge";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { requirePageUser } from "@/server/auth/page-guard";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "student" });
  return { title: t("title") };
}

export default async function StudentHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["student"]);
  const [{ items: tickets }, categories] = await Promise.all([getStudentTickets(user), listCategories(user)]);
  const t = await getTranslations("student");
  const tTicket = await getTranslations("ticket");
  const format = await getFormatter();

  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-6">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-slate-600">{t("intro", { name: user.firstName })}</p>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>{t("title")}</CardTitle>
          </CardHeader>
          <CardContent className="p-0 sm:p-0">
            {tickets.length === 0 ? (
              <p className="px-4 py-6 text-slate-600 sm:px-6">{t("empty")}</p>
            ) : (
              <ul className="divide-y divide-slate-100" aria-label={t("title")}>
                {tickets.map((ticket) => (
                  <li key={ticket.id} className="flex flex-col gap-1 px-4 py-3 sm:px-6" data-testid="student-ticket">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="text-xs text-slate-500">{tTicket("number", { number: ticket.number })}</span>
                      <StatusBadge status={ticket.status} />
                      <Badge tone="violet">{categoryLabel(categories, ticket.category, locale)}</Badge>
                      {ticket.unread ? <Badge tone="red">{t("unread")}</Badge> : null}
                    </div>
                    <p className="font-medium">{ticket.subject}</p>
                    <p className="text-xs text-slate-500">
                      {t("updated", {
                        date: format.dateTime(ticket.updatedAt, { dateStyle: "medium", timeStyle: "short" }),
                      })}
                      {" · "}
                      {ticket.isAssigned ? t("assigned") : t("notAssigned")}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </main>
    </>
  );
}
