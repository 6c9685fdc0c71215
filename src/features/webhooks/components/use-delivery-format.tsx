"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Link } from "@/i18n/navigation";
import type { TWebhookDeliveryListItem } from "../dto";

/** What the table and the cards of the log both take. */
export type TDeliveryRowsProps = {
  items: TWebhookDeliveryListItem[];
  retryButton: (item: TWebhookDeliveryListItem) => ReactNode;
};

/** The log's cells as text: dates, the ticket's number, the last response. */
export function useDeliveryFormat() {
  const t = useTranslations("webhooks");
  const format = useFormatter();
  const when = (value: Date | null) =>
    value ? format.dateTime(value, { dateStyle: "short", timeStyle: "medium" }) : t("list.none");
  const ticket = (item: TWebhookDeliveryListItem): ReactNode =>
    item.ticketNumber === null || item.ticketId === null ? (
      t("list.none")
    ) : (
      <Link
        href={`/admin/demandes/${item.ticketId}`}
        className="whitespace-nowrap text-brand-700 underline underline-offset-4"
      >
        {t("list.ticketNumber", { number: item.ticketNumber })}
      </Link>
    );
  const lastResponse = (item: TWebhookDeliveryListItem) => {
    const status = item.lastStatusCode === null ? null : t("list.statusCode", { code: item.lastStatusCode });
    if (!status && !item.lastError) return t("list.none");
    if (!item.lastError) return status;
    // The worker's errors often start with the status already ("HTTP 410 Gone").
    return status && !item.lastError.startsWith(status) ? `${status} · ${item.lastError}` : item.lastError;
  };
  return { t, when, ticket, lastResponse };
}
