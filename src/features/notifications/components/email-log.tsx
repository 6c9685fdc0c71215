"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import { Link } from "@/i18n/navigation";
import { listEmailLogAction } from "../actions/notification-actions";
import type { TEmailLogItem, TEmailLogPage } from "../dto";
import type { TEmailLogFilters } from "../schemas";
import { EmailStateBadge } from "./email-state-badge";
import { ResendEmailButton } from "./resend-email-button";

/**
 * The admin "Courriels" log: every notification, newest first, keyset pages of 20 ("Charger
 * plus"); each row opens its rendered preview.
 */
export function EmailLog({ initialPage, filters = {} }: { initialPage: TEmailLogPage; filters?: TEmailLogFilters }) {
  const t = useTranslations("email");
  const format = useFormatter();
  const list = useLoadMore<TEmailLogItem, HTMLDivElement>({
    initialItems: initialPage.items,
    initialCursor: initialPage.nextCursor,
    loadPage: (cursor) => listEmailLogAction({ ...filters, cursor }),
    loadedMessage: (count) => t("log.loadedMore", { count }),
    networkMessage: t("log.failed"),
  });
  return (
    <div className="space-y-4">
      <div ref={list.listRef}>
        {list.items.length === 0 ? (
          <p className="py-6 text-slate-600">{t("log.empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="email-log">
            {list.items.map((item) => (
              <li key={item.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-start sm:gap-4">
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="font-medium break-all">{item.recipientEmail}</p>
                  <p className="text-sm text-slate-600">
                    {t(`types.${item.type}`)}
                    {item.ticketNumber !== null ? ` · ${t("log.ticket", { number: item.ticketNumber })}` : ""}
                    {" · "}
                    {format.dateTime(item.createdAt, { dateStyle: "short", timeStyle: "medium" })}
                  </p>
                  {item.lastError ? <p className="text-sm break-all text-red-700">{item.lastError}</p> : null}
                </div>
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <EmailStateBadge state={item.state} reason={item.stateReason} />
                  <span className="text-slate-600">{t("log.attempts", { count: item.attempts })}</span>
                  {item.resentAs ? <span className="text-slate-600">{t("resend.resent")}</span> : null}
                  {(item.state === "failed" || item.state === "bounced") && !item.resentAs ? (
                    <ResendEmailButton id={item.id} recipient={item.recipientEmail} />
                  ) : null}
                  <Link
                    href={`/admin/courriels/${item.mergedInto ?? item.id}`}
                    data-focus-id={item.id}
                    className="text-brand-700 underline underline-offset-4"
                  >
                    {t("log.preview")}
                    <span className="sr-only"> {item.recipientEmail}</span>
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <LoadMoreFooter
        {...list.footer}
        onLoadMore={list.loadMore}
        labels={{ loadMore: t("log.loadMore"), loadingMore: t("log.loadingMore"), noMore: t("log.noMore") }}
      />
    </div>
  );
}
