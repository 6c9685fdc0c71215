import { CalendarDays, Receipt } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { TAppointmentOption, TOrderOption } from "../dto";

export function useContextFormat() {
  const t = useTranslations("tickets.context");
  const format = useFormatter();
  const appointmentLabel = (appointment: TAppointmentOption) =>
    t("appointmentLabel", {
      course: appointment.courseTitle,
      tutor: appointment.tutorName ?? t("noTutor"),
      date: format.dateTime(appointment.startsAt, { dateStyle: "medium", timeStyle: "short" }),
    });
  const money = (order: TOrderOption) =>
    format.number(order.totalCents / 100, {
      style: "currency",
      currency: order.currency,
      currencyDisplay: "narrowSymbol",
    });
  const orderLabel = (order: TOrderOption) =>
    t("orderLabel", {
      description: order.description,
      total: money(order),
      date: format.dateTime(order.createdAt, { dateStyle: "medium" }),
    });
  const appointmentStatus = (status: string) =>
    t.has(`appointmentStatus.${status}` as "appointmentStatus.scheduled")
      ? t(`appointmentStatus.${status}` as "appointmentStatus.scheduled")
      : status;
  const orderStatus = (status: string) =>
    t.has(`orderStatus.${status}` as "orderStatus.paid") ? t(`orderStatus.${status}` as "orderStatus.paid") : status;
  return { t, format, appointmentLabel, orderLabel, money, appointmentStatus, orderStatus };
}

/** The appointment and order a ticket is about, when the student linked them. */
export function TicketContext({
  appointment,
  order,
  headingLevel = 2,
}: {
  appointment: TAppointmentOption | null;
  order: TOrderOption | null;
  headingLevel?: 2 | 3;
}) {
  const { t, format, money, appointmentStatus, orderStatus } = useContextFormat();
  if (!appointment && !order) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="ticket-context-title" className="space-y-3" data-testid="ticket-context">
      <Heading id="ticket-context-title" className="text-base font-semibold">
        {t("title")}
      </Heading>
      <div className="grid gap-3 sm:grid-cols-2">
        {appointment ? (
          <div className="flex min-w-0 gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm">
            <CalendarDays aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-700" />
            <dl className="min-w-0 space-y-0.5">
              <dt className="text-xs font-medium text-slate-600 uppercase">{t("appointment")}</dt>
              <dd className="font-medium break-words">{appointment.courseTitle}</dd>
              <dd>{t("withTutor", { tutor: appointment.tutorName ?? t("noTutor") })}</dd>
              <dd>{format.dateTime(appointment.startsAt, { dateStyle: "full", timeStyle: "short" })}</dd>
              <dd className="text-slate-600">{appointmentStatus(appointment.status)}</dd>
            </dl>
          </div>
        ) : null}
        {order ? (
          <div className="flex min-w-0 gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm">
            <Receipt aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-brand-700" />
            <dl className="min-w-0 space-y-0.5">
              <dt className="text-xs font-medium text-slate-600 uppercase">{t("order")}</dt>
              <dd className="font-medium break-words">{order.description}</dd>
              <dd>{money(order)}</dd>
              <dd>{format.dateTime(order.createdAt, { dateStyle: "long" })}</dd>
              <dd className="text-slate-600">{orderStatus(order.status)}</dd>
            </dl>
          </div>
        ) : null}
      </div>
    </section>
  );
}
