"use client";

import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import type { TWebhookDeliveryListItem } from "../dto";
import { shortId } from "./delivery-labels";

/** "Détails" of one delivery; the log moves focus here (data-focus-id) after "load more". */
export function DeliveryDetailsLink({ item }: { item: TWebhookDeliveryListItem }) {
  const t = useTranslations("webhooks");
  return (
    <Link
      href={`/admin/webhooks/${item.id}`}
      data-focus-id={item.id}
      className="rounded text-sm font-medium text-brand-700 underline underline-offset-4"
    >
      {t("list.details")}
      <span className="sr-only"> {t("list.detailsOf", { id: shortId(item.id) })}</span>
    </Link>
  );
}
