import { getFormatter, getTranslations } from "next-intl/server";
import { BreakableEmail } from "@/components/text/linked-text";
import { Link } from "@/i18n/navigation";
import type { TStudentCard } from "../dto";

/**
 * Who wrote: contact, seniority, how often they ask for help, and their latest appointments and
 * orders. The name leads to the student's page (`linkName`, off on that page itself), the ticket
 * count to the list of their tickets.
 */
export async function StudentCardPanel({ student, linkName = true }: { student: TStudentCard; linkName?: boolean }) {
  const t = await getTranslations("tickets.studentCard");
  const tContext = await getTranslations("tickets.context");
  const format = await getFormatter();
  const appointmentStatus = (value: string) =>
    tContext.has(`appointmentStatus.${value}` as "appointmentStatus.scheduled")
      ? tContext(`appointmentStatus.${value}` as "appointmentStatus.scheduled")
      : value;
  const orderStatus = (value: string) =>
    tContext.has(`orderStatus.${value}` as "orderStatus.paid")
      ? tContext(`orderStatus.${value}` as "orderStatus.paid")
      : value;

  return (
    <div className="space-y-4 text-sm" data-testid="student-card">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1.5">
        <dt className="text-slate-600">{t("name")}</dt>
        <dd className="font-medium break-words">
          {linkName ? (
            <Link
              href={`/admin/eleves/${student.id}`}
              className="text-brand-700 underline underline-offset-2"
              data-testid="student-card-profile"
            >
              {student.name}
            </Link>
          ) : (
            student.name
          )}
        </dd>
        <dt className="text-slate-600">{t("email")}</dt>
        <dd className="min-w-0 [overflow-wrap:anywhere]">
          <a href={`mailto:${student.email}`} className="text-brand-700 underline underline-offset-2">
            <BreakableEmail email={student.email} />
          </a>
        </dd>
        {student.memberSince ? (
          <>
            <dt className="text-slate-600">{t("memberSince")}</dt>
            <dd>{format.dateTime(student.memberSince, { dateStyle: "long" })}</dd>
          </>
        ) : null}
        <dt className="text-slate-600">{t("language")}</dt>
        <dd>{student.locale === "en" ? t("english") : t("french")}</dd>
        <dt className="text-slate-600">{t("tickets")}</dt>
        <dd>
          <Link
            href={{ pathname: "/admin/demandes", query: { student: student.id } }}
            className="text-brand-700 underline underline-offset-2"
            data-testid="student-card-tickets"
          >
            {t("ticketCount", { count: student.ticketCount })}
          </Link>
        </dd>
      </dl>
      <div className="space-y-1.5">
        <h3 className="font-semibold">{t("recentAppointments")}</h3>
        {student.recentAppointments.length === 0 ? (
          <p className="text-slate-600">{t("noAppointments")}</p>
        ) : (
          <ul className="space-y-1.5">
            {student.recentAppointments.map((appointment) => (
              <li key={appointment.id} className="break-words">
                <span className="font-medium">{appointment.courseTitle}</span>
                <span className="block text-xs text-slate-600">
                  {format.dateTime(appointment.startsAt, { dateStyle: "medium", timeStyle: "short" })} ·{" "}
                  {appointment.tutorName ?? tContext("noTutor")} · {appointmentStatus(appointment.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="space-y-1.5">
        <h3 className="font-semibold">{t("recentOrders")}</h3>
        {student.recentOrders.length === 0 ? (
          <p className="text-slate-600">{t("noOrders")}</p>
        ) : (
          <ul className="space-y-1.5">
            {student.recentOrders.map((order) => (
              <li key={order.id} className="break-words">
                <span className="font-medium">{order.description}</span>
                <span className="block text-xs text-slate-600">
                  {format.number(order.totalCents / 100, {
                    style: "currency",
                    currency: order.currency,
                    currencyDisplay: "narrowSymbol",
                  })}{" "}
                  · {format.dateTime(order.createdAt, { dateStyle: "medium" })} · {orderStatus(order.status)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
