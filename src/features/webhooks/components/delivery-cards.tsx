"use client";

import { DeliveryDetailsLink } from "./delivery-details-link";
import { shortId, typeLabelKey } from "./delivery-labels";
import { DeliveryStateBadge, DeliveryTypeLabel } from "./delivery-state-badge";
import { type TDeliveryRowsProps, useDeliveryFormat } from "./use-delivery-format";

/** Phones: one card per delivery, nothing wider than the screen. */
export function DeliveryCards({ items, retryButton }: TDeliveryRowsProps) {
  const { t, when, ticket, lastResponse } = useDeliveryFormat();
  return (
    <ul className="divide-y divide-slate-100 md:hidden" aria-label={t("list.caption")}>
      {items.map((item) => (
        <li key={item.id} className="min-w-0 space-y-2 py-3" data-testid="webhook-delivery-card">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <DeliveryTypeLabel type={item.type} labelKey={typeLabelKey(item.type)} />
            <DeliveryStateBadge state={item.state} reason={item.stateReason} />
          </div>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("list.ticket")}</dt>
            <dd>{ticket(item)}</dd>
            <dt className="text-slate-600">{t("list.attempts")}</dt>
            <dd className="tabular-nums">{item.attemptCount}</dd>
            <dt className="text-slate-600">{t("list.lastResponse")}</dt>
            <dd className="break-words">{lastResponse(item)}</dd>
            {item.nextAttemptAt ? (
              <>
                <dt className="text-slate-600">{t("list.nextAttempt")}</dt>
                <dd>{when(item.nextAttemptAt)}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">{t("list.created")}</dt>
            <dd>
              {when(item.createdAt)}
              {item.deliveredAt ? (
                <span className="block text-xs text-slate-500">
                  {t("list.deliveredAt", { date: when(item.deliveredAt) })}
                </span>
              ) : null}
            </dd>
          </dl>
          <div className="flex flex-wrap items-center gap-3">
            <DeliveryDetailsLink item={item} />
            {retryButton(item)}
            <span className="ml-auto font-mono text-xs text-slate-500">{shortId(item.id)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
