"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import { Link } from "@/i18n/navigation";
import { getStudentTicketsAction } from "../actions/student-actions";
import { localizedCategoryLabel } from "../category-label";
import type { TStudentTicketListItem } from "../dto";
import { CategoryBadge, StatusBadge, UnreadBadge } from "./status-badge";

/**
 * A student's requests, most recently updated first. The first page comes from the server;
 * "Charger plus" appends the next keyset page and moves focus to its first request.
 */
export function StudentTicketList({
  initialItems,
  initialCursor,
  status,
}: {
  initialItems: TStudentTicketListItem[];
  initialCursor: string | null;
  status?: TStudentTicketListItem["status"];
}) {
  const t = useTranslations("tickets.studentList");
  const locale = useLocale();
  const tErrors = useTranslations("tickets.errors");
  const { items, listRef, loadMore, footer } = useLoadMore<TStudentTicketListItem, HTMLUListElement>({
    initialItems,
    initialCursor,
    loadPage: (cursor) => getStudentTicketsAction({ status, cursor }),
    loadedMessage: (count) => t("loadedMore", { count }),
    networkMessage: tErrors("network"),
  });

  if (items.length === 0) {
    return (
      <p className="px-4 py-8 text-center text-slate-600 sm:px-6" data-testid="student-ticket-empty">
        {status ? t("emptyFiltered") : t("empty")}
      </p>
    );
  }

  return (
    <div>
      <ul ref={listRef} className="divide-y divide-slate-100" aria-label={t("listLabel")}>
        {items.map((ticket) => (
          <StudentTicketRow
            key={ticket.id}
            ticket={ticket}
            categoryLabel={localizedCategoryLabel(ticket.categoryLabel, locale)}
          />
        ))}
      </ul>
      <div className="space-y-2 px-4 py-3 sm:px-6">
        <LoadMoreFooter
          {...footer}
          onLoadMore={loadMore}
          labels={{ loadMore: t("loadMore"), loadingMore: t("loadingMore"), noMore: t("noMore") }}
        />
      </div>
    </div>
  );
}

function StudentTicketRow({ ticket, categoryLabel }: { ticket: TStudentTicketListItem; categoryLabel?: string }) {
  const t = useTranslations("tickets.studentList");
  const tTicket = useTranslations("ticket");
  const tStudent = useTranslations("student");
  const format = useFormatter();
  return (
    <li
      className="relative px-4 py-3 hover:bg-slate-50 has-[a:focus-visible]:bg-slate-50 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:-outline-offset-2 has-[a:focus-visible]:outline-brand-600 sm:px-6"
      data-testid="student-ticket"
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="text-xs text-slate-600 tabular-nums">{tTicket("number", { number: ticket.number })}</span>
        <StatusBadge status={ticket.status} />
        <CategoryBadge label={categoryLabel ?? ticket.category} />
        {ticket.unread ? <UnreadBadge label={t("unread")} /> : null}
      </div>
      <h3 className="mt-1 font-medium break-words">
        <Link
          href={`/etudiant/demandes/${ticket.id}`}
          data-focus-id={ticket.id}
          className="text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:outline-none"
        >
          {ticket.subject}
        </Link>
      </h3>
      <p className="mt-1 text-xs text-slate-600">
        {t("updated", { date: format.dateTime(ticket.updatedAt, { dateStyle: "medium", timeStyle: "short" }) })}
        {" · "}
        {t("messageCount", { count: ticket.messageCount })}
        {" · "}
        <span className={ticket.isAssigned ? "font-medium text-green-800" : undefined}>
          {ticket.isAssigned ? tStudent("assigned") : tStudent("notAssigned")}
        </span>
      </p>
    </li>
  );
}
