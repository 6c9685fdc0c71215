import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { Card, CardContent } from "@/components/ui/card";
import { CreateTicketForm } from "@/features/tickets/components/create-ticket-form";
import {
  getStudentAppointmentsForTicket,
  getStudentOrdersForTicket,
  listCategories,
} from "@/features/tickets/service/get-ticket-form-options";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { requirePageUser } from "@/server/auth/page-guard";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.newTicket" });
  return { title: t("title") };
}

export default async function NewTicketPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["student"]);
  const [categories, appointments, orders] = await Promise.all([
    listCategories(user, { activeOnly: true }),
    getStudentAppointmentsForTicket(user),
    getStudentOrdersForTicket(user),
  ]);
  const t = await getTranslations("tickets.newTicket");
  const tContext = await getTranslations("tickets.context");
  const format = await getFormatter();

  return (
    <ClientMessages scope="newTicket">
      <div className="mx-auto max-w-2xl space-y-5 px-4 py-6">
        <PageHeading
          title={t("title")}
          intro={t("intro")}
          back={
            <Link href="/etudiant" className="text-sm text-brand-700 underline underline-offset-4">
              {t("back")}
            </Link>
          }
        />
        <Card>
          <CardContent className="py-5">
            <CreateTicketForm
              categories={categories.map((c) => ({ value: c.slug, label: locale === "en" ? c.labelEn : c.labelFr }))}
              templates={Object.fromEntries(
                categories.map((c) => [
                  c.slug,
                  { prompt: locale === "en" ? c.promptEn : c.promptFr, requiredLink: c.requiredLink },
                ]),
              )}
              appointments={appointments.map((a) => ({
                value: a.id,
                label: tContext("appointmentLabel", {
                  course: a.courseTitle,
                  tutor: a.tutorName ?? tContext("noTutor"),
                  date: format.dateTime(a.startsAt, { dateStyle: "medium", timeStyle: "short" }),
                }),
              }))}
              orders={orders.map((o) => ({
                value: o.id,
                label: tContext("orderLabel", {
                  description: o.description,
                  total: format.number(o.totalCents / 100, {
                    style: "currency",
                    currency: o.currency,
                    currencyDisplay: "narrowSymbol",
                  }),
                  date: format.dateTime(o.createdAt, { dateStyle: "medium" }),
                }),
              }))}
            />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
