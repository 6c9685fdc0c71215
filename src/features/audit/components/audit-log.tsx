"use client";

import { useFormatter, useTranslations } from "next-intl";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import type { TAuditEventType } from "@/lib/audit-values";
import { listAuditEventsAction } from "../actions/audit-actions";
import type { TAuditEventItem, TAuditEventPage } from "../dto";

function personLabel(person: TAuditEventItem["actor"]): string | null {
  return person ? `${person.name} <${person.email}>` : null;
}

/** The audit log, newest first; "Charger plus" appends keyset pages of the same filter. */
export function AuditLog({ initialPage, type }: { initialPage: TAuditEventPage; type?: TAuditEventType }) {
  const t = useTranslations("audit");
  const format = useFormatter();
  const list = useLoadMore<TAuditEventItem, HTMLUListElement>({
    initialItems: initialPage.items,
    initialCursor: initialPage.nextCursor,
    loadPage: (cursor) => listAuditEventsAction({ type, cursor }),
    loadedMessage: (count) => t("loadedMore", { count }),
    networkMessage: t("loadFailed"),
  });

  if (list.items.length === 0) return <p className="py-6 text-slate-600">{t("empty")}</p>;
  return (
    <div className="space-y-4">
      <ul ref={list.listRef} className="divide-y divide-slate-200" data-testid="audit-events">
        {list.items.map((item) => {
          const actor = personLabel(item.actor);
          const target = personLabel(item.target);
          const detail = Object.entries(item.detail);
          return (
            <li key={item.id} tabIndex={-1} data-focus-id={item.id} className="space-y-1 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{t(`types.${item.type}`)}</span>
                <time dateTime={item.createdAt} className="text-sm text-slate-600">
                  {format.dateTime(new Date(item.createdAt), { dateStyle: "short", timeStyle: "medium" })}
                </time>
              </div>
              <dl className="grid gap-x-4 gap-y-0.5 text-sm text-slate-700 sm:grid-cols-[max-content_1fr]">
                <dt className="text-slate-500">{t("actor")}</dt>
                <dd>{actor ?? t("nobody")}</dd>
                {target && target !== actor ? (
                  <>
                    <dt className="text-slate-500">{t("target")}</dt>
                    <dd>{target}</dd>
                  </>
                ) : null}
                {item.ip ? (
                  <>
                    <dt className="text-slate-500">{t("ip")}</dt>
                    <dd className="font-mono">{item.ip}</dd>
                  </>
                ) : null}
                {detail.length > 0 ? (
                  <>
                    <dt className="text-slate-500">{t("detail")}</dt>
                    <dd className="break-all font-mono text-xs">
                      {detail.map(([key, value]) => `${key}=${String(value)}`).join(" · ")}
                    </dd>
                  </>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ul>
      <LoadMoreFooter
        {...list.footer}
        onLoadMore={list.loadMore}
        labels={{ loadMore: t("loadMore"), loadingMore: t("loadingMore"), noMore: t("noMore") }}
      />
    </div>
  );
}
