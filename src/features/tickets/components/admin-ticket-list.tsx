"use client";

import { MessageSquare } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { getAllSupportTicketsAction } from "../actions/admin-actions";
import type { TAdminTicketListItem } from "../dto";
import type { TAdminTicketsQuery } from "../schemas";
import { LoadMoreFooter } from "./load-more-footer";
import { CategoryBadge, PriorityBadge, StatusBadge } from "./status-badge";
import { useKeysetList } from "./use-keyset-list";

/**
 * The admin ticket list: a table on wide screens, cards on phones (both rendered, one
 * hidden by CSS). The first page comes from the server; "Charger plus" appends the next
 * keyset page (no total count: counting a wide filter is the slow part at scale).
 */
export function AdminTicketList({
  initialItems,
  initialCursor,
  query,
  categoryLabels,
}: {
  initialItems: TAdminTicketListItem[];
  initialCursor: string | null;
  query: Omit<TAdminTicketsQuery, "cursor">;
  categoryLabels: Record<string, string>;
}) {
  const t = useTranslations("tickets.adminList");
  const tErrors = useTranslations("tickets.errors");
  const { items, listRef, loadMore, footer } = useKeysetList<TAdminTicketListItem, HTMLDivElement>({
    initialItems,
    initialCursor,
    fetchPage: (cursor) => getAllSupportTicketsAction({ ...query, cursor }),
    loadedMessage: (count) => t("loadedMore", { count }),
    networkMessage: tErrors("network"),
  });

  if (items.length === 0) return <p className="py-8 text-center text-slate-600">{t("empty")}</p>;

  return (
    <div className="space-y-3">
      <div ref={listRef}>
        <TicketTable items={items} categoryLabels={categoryLabels} />
        <TicketCards items={items} categoryLabels={categoryLabels} />
      </div>
      <LoadMoreFooter
        {...footer}
        onLoadMore={loadMore}
        labels={{ loadMore: t("loadMore"), loadingMore: t("loadingMore"), noMore: t("noMore") }}
      />
    </div>
  );
}

type TRowsProps = { items: TAdminTicketListItem[]; categoryLabels: Record<string, string> };

function useListFormat() {
  const t = useTranslations("tickets.adminList");
  const format = useFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const day = (date: Date) => format.dateTime(date, { dateStyle: "short" });
  const time = (date: Date) => format.dateTime(date, { timeStyle: "short" });
  /** Day over time, so a narrow column never breaks inside either. */
  const stacked = (date: Date) => (
    <time dateTime={date.toISOString()} title={when(date)}>
      <span className="block whitespace-nowrap">{day(date)}</span>
      <span className="block whitespace-nowrap text-slate-600">{time(date)}</span>
    </time>
  );
  return { t, when, stacked };
}

function SubjectLink({ ticket, stretched = false }: { ticket: TAdminTicketListItem; stretched?: boolean }) {
  return (
    <Link
      href={`/admin/demandes/${ticket.id}`}
      data-focus-id={ticket.id}
      className={
        stretched
          ? "font-medium break-words text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:outline-none"
          : "font-medium break-words text-brand-700 underline-offset-2 hover:underline"
      }
    >
      {ticket.subject}
    </Link>
  );
}

function UnreadDot({ label }: { label: string }) {
  return (
    <span className="inline-flex items-center" data-testid="unread-dot">
      <span aria-hidden="true" className="size-2.5 shrink-0 rounded-full bg-blue-600" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

function MessageCount({ count, label }: { count: number; label: string }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600" title={label}>
      <MessageSquare aria-hidden="true" className="size-3.5" />
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** Wide screens: one row per ticket. */
function TicketTable({ items, categoryLabels }: TRowsProps) {
  const { t, stacked } = useListFormat();
  const th = "py-2 pr-3 font-medium";
  return (
    <div className="hidden lg:block">
      <table className="w-full table-fixed border-collapse text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th scope="col" className={`w-[6%] ${th}`}>
              {t("number")}
            </th>
            <th scope="col" className={`w-[25%] ${th}`}>
              {t("subject")}
            </th>
            <th scope="col" className={`w-[12%] ${th}`}>
              {t("category")}
            </th>
            <th scope="col" className={`w-[9%] ${th}`}>
              {t("status")}
            </th>
            <th scope="col" className={`w-[8%] ${th}`}>
              {t("priority")}
            </th>
            <th scope="col" className={`w-[12%] ${th}`}>
              {t("student")}
            </th>
            <th scope="col" className={`w-[10%] ${th}`}>
              {t("assignee")}
            </th>
            <th scope="col" className={`w-[9%] ${th}`}>
              {t("created")}
            </th>
            <th scope="col" className={`w-[9%] py-2 font-medium`}>
              {t("updated")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((ticket) => (
            <tr key={ticket.id} className="align-top hover:bg-slate-50" data-testid="admin-ticket-row">
              <td className="py-2 pr-3 text-slate-600 tabular-nums">{ticket.number}</td>
              <td className="py-2 pr-3">
                <div className="flex items-start gap-1.5">
                  {/* A fixed slot, so subjects line up whether or not the dot is there. */}
                  <span className="w-2.5 shrink-0 pt-1.5">
                    {ticket.unread ? <UnreadDot label={t("unread")} /> : null}
                  </span>
                  <div className="min-w-0">
                    <SubjectLink ticket={ticket} />
                    <div>
                      <MessageCount
                        count={ticket.messageCount}
                        label={t("messageCount", { count: ticket.messageCount })}
                      />
                    </div>
                  </div>
                </div>
              </td>
              <td className="py-2 pr-3 break-words">{categoryLabels[ticket.category] ?? ticket.category}</td>
              <td className="py-2 pr-3">
                <StatusBadge status={ticket.status} />
              </td>
              <td className="py-2 pr-3">
                <PriorityBadge priority={ticket.priority} />
              </td>
              <td className="py-2 pr-3 break-words">{ticket.student.name}</td>
              <td className="py-2 pr-3 break-words">
                {ticket.assignee?.name ?? <span className="text-slate-500">{t("unassigned")}</span>}
              </td>
              <td className="py-2 pr-3 text-xs">{stacked(ticket.createdAt)}</td>
              <td className="py-2 text-xs">{stacked(ticket.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Phones and tablets: one card per ticket, nothing wider than the screen. */
function TicketCards({ items, categoryLabels }: TRowsProps) {
  const { t, when } = useListFormat();
  return (
    <ul className="divide-y divide-slate-100 lg:hidden" aria-label={t("caption")}>
      {items.map((ticket) => (
        <li
          key={ticket.id}
          className="relative min-w-0 space-y-1.5 py-3 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-brand-600"
          data-testid="admin-ticket-card"
        >
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="text-xs text-slate-600 tabular-nums">{t("numberValue", { number: ticket.number })}</span>
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            {ticket.unread ? <UnreadDot label={t("unread")} /> : null}
          </div>
          <h3 className="text-base leading-snug">
            <SubjectLink ticket={ticket} stretched />
          </h3>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700">
            <CategoryBadge label={categoryLabels[ticket.category] ?? ticket.category} />
            <span className="break-words">{ticket.student.name}</span>
          </div>
          <p className="text-xs text-slate-700">
            {ticket.assignee ? t("assignedTo", { name: ticket.assignee.name }) : t("unassigned")}
            {" · "}
            {t("messageCount", { count: ticket.messageCount })}
          </p>
          <p className="text-xs text-slate-600">
            {t("createdOn", { date: when(ticket.createdAt) })}
            <br />
            {t("updatedOnLong", { date: when(ticket.updatedAt) })}
          </p>
        </li>
      ))}
    </ul>
  );
}
