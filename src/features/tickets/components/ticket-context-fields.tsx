"use client";

import { useTranslations } from "next-intl";
import { TicketOptionSelect, type TOption } from "./ticket-option-select";

/** What the request is about, if anything: one of the student's appointments, one of their orders. */
export function TicketContextFields({
  appointments,
  orders,
  appointmentId,
  orderId,
  onChange,
  errors,
}: {
  appointments: TOption[];
  orders: TOption[];
  appointmentId: string;
  orderId: string;
  onChange: (field: "appointmentId" | "orderId", value: string) => void;
  errors: { appointmentId?: string; orderId?: string };
}) {
  const t = useTranslations("tickets.newTicket");
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">{t("contextLegend")}</legend>
      <p className="text-xs text-slate-600">{t("contextHint")}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TicketOptionSelect
          className="min-w-0 space-y-1.5"
          field="appointmentId"
          label={t("appointment")}
          emptyLabel={appointments.length > 0 ? t("noAppointment") : t("noAppointments")}
          options={appointments}
          value={appointmentId}
          onChange={(value) => onChange("appointmentId", value)}
          error={errors.appointmentId}
        />
        <TicketOptionSelect
          className="min-w-0 space-y-1.5"
          field="orderId"
          label={t("order")}
          emptyLabel={orders.length > 0 ? t("noOrder") : t("noOrders")}
          options={orders}
          value={orderId}
          onChange={(value) => onChange("orderId", value)}
          error={errors.orderId}
        />
      </div>
    </fieldset>
  );
}
