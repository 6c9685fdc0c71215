"use client";

import { DeliveryDetailsLink } from "./delivery-details-link";
import { shortId, typeLabelKey } from "./delivery-labels";
import { DeliveryStateBadge, DeliveryTypeLabel } from "./delivery-state-badge";
import { type TDeliveryRowsProps, useDeliveryFormat } from "./use-delivery-format";

/** Desktop: one row per delivery. */
export function DeliveryTable({ items, retryButton }: TDeliveryRowsProps) {
  const { t, when, ticket, lastResponse } = useDeliveryFormat();
  return (
    <div className="hidden overflow-x-auto md:block">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("list.caption")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.event")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.ticket")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.state")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.attempts")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.lastResponse")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.nextAttempt")}
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              {t("list.created")}
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">{t("list.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <tr key={item.id} className="align-top" data-testid="webhook-delivery-row">
              <td className="py-2 pr-3">
                <DeliveryTypeLabel type={item.type} labelKey={typeLabelKey(item.type)} />
                <span className="font-mono text-xs text-slate-500">{shortId(item.id)}</span>
              </td>
              <td className="whitespace-nowrap py-2 pr-3">{ticket(item)}</td>
              <td className="py-2 pr-3">
                <DeliveryStateBadge state={item.state} reason={item.stateReason} />
              </td>
              <td className="py-2 pr-3 tabular-nums">{item.attemptCount}</td>
              <td className="min-w-40 py-2 pr-3 break-words">{lastResponse(item)}</td>
              <td className="whitespace-nowrap py-2 pr-3">{when(item.nextAttemptAt)}</td>
              <td className="whitespace-nowrap py-2 pr-3">
                {when(item.createdAt)}
                {item.deliveredAt ? (
                  <span className="block text-xs text-slate-500">
                    {t("list.deliveredAt", { date: when(item.deliveredAt) })}
                  </span>
                ) : null}
              </td>
              <td className="py-2">
                <div className="flex flex-col items-start gap-2">
                  <DeliveryDetailsLink item={item} />
                  {retryButton(item)}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
