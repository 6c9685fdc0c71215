"use client";

import { MessageSquare } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { type ReactNode, useRef, useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import { Badge } from "@/components/ui/badge";
import { LiveListBanner } from "@/features/live/components";
import { SlaBadge } from "@/features/sla/components";
import { Link } from "@/i18n/navigation";
import type { TApiResult } from "@/lib/errors";
import { getAllSupportTicketsAction } from "../actions/admin-actions";
import { localizedCategoryLabel } from "../category-label";
import type { TAdminTicketListItem, TSearchHit, TStaffMember, TTag } from "../dto";
import type { TAdminTicketsQuery } from "../schemas";
import { AdminTicketRowActions } from "./admin-ticket-row-actions";
import { BulkActionBar } from "./bulk-action-bar";
import { PriorityBadge, StatusBadge } from "./status-badge";
import { TagList } from "./tag-list";

/**
 * The admin ticket list: ONE tree for every width (issue 18: it used to render every row twice,
 * as a table and as phone cards). A list of rows: on phones each row stacks like a card; from
 * `lg` the same elements line up in a CSS grid under a visual header (hidden from screen
 * readers, which hear each value with its own label instead). Rows can be selected for bulk
 * actions, and each has its quick actions (issue 17: open, assign, reply) updating it in place.
 * The first page comes from the server; scrolling to the end or "Charger plus" appends the next
 * keyset page (no total count: counting a wide filter is the slow part at scale). The loaded
 * pages come back on a back navigation from a ticket (useLoadMore's storageKey).
 */
export function AdminTicketList({
  initialItems,
  initialCursor,
  query,
  admins = [],
  tags = [],
  currentUserId,
  rowBadges,
}: {
  initialItems: TAdminTicketListItem[];
  initialCursor: string | null;
  query: Omit<TAdminTicketsQuery, "cursor">;
  admins?: TStaffMember[];
  tags?: TTag[];
  currentUserId?: string;
  /** Extra badges for a row (e.g. SLA), drawn in the row's badge slot after its tags. */
  rowBadges?: (ticket: TAdminTicketListItem) => ReactNode;
}) {
  const t = useTranslations("tickets.adminList");
  const tErrors = useTranslations("tickets.errors");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rowNotice, setRowNotice] = useState<TNotice | null>(null);
  const [rowSerial, setRowSerial] = useState(0);
  const { items, listRef, loadMore, dropMore, replaceItem, footer } = useLoadMore<
    TAdminTicketListItem,
    HTMLUListElement
  >({
    initialItems,
    initialCursor,
    loadPage: (cursor) => getAllSupportTicketsAction({ ...query, cursor }),
    loadedMessage: (count) => t("loadedMore", { count }),
    networkMessage: tErrors("network"),
    storageKey: `admin-tickets:${JSON.stringify(query)}`,
  });
  const announceRow = (notice: TNotice) => {
    setRowSerial((n) => n + 1);
    setRowNotice(notice);
  };

  // Live events: the rows shown are updated in place; new and changed tickets that match the
  // filters wait in a banner, so rows never move under the cursor.
  const shown = useRef<ReadonlyMap<string, TAdminTicketListItem>>(new Map());
  shown.current = new Map(items.map((item) => [item.id, item]));
  const checkLive = async (ids: string[]) => {
    const result = await fetchLiveListRows(query, ids);
    if (!result) return null;
    for (const row of result.rows) {
      // The live row comes without the search's hit: the one the search found stays.
      const before = shown.current.get(row.id);
      if (before) replaceItem({ ...row, searchHit: row.searchHit ?? before.searchHit });
    }
    return new Set(result.matching.filter((id) => !shown.current.has(id)));
  };
  const banner = <LiveListBanner check={checkLive} />;

  if (items.length === 0)
    return (
      <div className="space-y-3">
        {banner}
        <p className="py-8 text-center text-slate-600">{t("empty")}</p>
      </div>
    );

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="space-y-3">
      {banner}
      <BulkActionBar
        items={items}
        selected={selected}
        onSelectedChange={setSelected}
        admins={admins}
        tags={tags}
        currentUserId={currentUserId}
        onDone={dropMore}
      />
      <Notice notice={rowNotice} serial={rowSerial} look="text" statusTestId="row-actions-status" />
      <div
        aria-hidden="true"
        className={`hidden border-b border-slate-200 pb-2 text-xs font-medium text-slate-600 lg:grid ${GRID}`}
      >
        <span />
        <span>{t("number")}</span>
        <span>{t("subject")}</span>
        <span>{t("category")}</span>
        <span>{t("status")}</span>
        <span>{t("priority")}</span>
        <span>{t("student")}</span>
        <span>{t("assignee")}</span>
        <span>{t("created")}</span>
        <span>{t("updated")}</span>
        <span />
      </div>
      <ul ref={listRef} className="divide-y divide-slate-100" aria-label={t("caption")} data-testid="admin-ticket-list">
        {items.map((ticket) => (
          <TicketRow
            key={ticket.id}
            ticket={ticket}
            selected={selected.has(ticket.id)}
            onSelect={(on) => toggle(ticket.id, on)}
            extraBadges={rowBadges?.(ticket)}
            actions={
              <AdminTicketRowActions
                ticket={ticket}
                admins={admins}
                currentUserId={currentUserId}
                // A quick action's row comes without the search's hit: the one the search found stays.
                onUpdated={(item) => replaceItem({ ...item, searchHit: item.searchHit ?? ticket.searchHit })}
                onAnnounce={announceRow}
              />
            }
          />
        ))}
      </ul>
      <LoadMoreFooter
        {...footer}
        onLoadMore={loadMore}
        labels={{ loadMore: t("loadMore"), loadingMore: t("loadingMore"), noMore: t("noMore") }}
      />
    </div>
  );
}

/** POST /api/tickets/live-rows: the named rows as the list shows them (dates revived), or null on any failure. */
async function fetchLiveListRows(
  query: Omit<TAdminTicketsQuery, "cursor">,
  ids: string[],
): Promise<{ rows: TAdminTicketListItem[]; matching: string[] } | null> {
  try {
    const response = await fetch("/api/tickets/live-rows", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, ids }),
    });
    const body = (await response.json()) as TApiResult<{ rows: TListItemJson[]; matching: string[] }>;
    if (!body.ok) return null;
    return { rows: body.data.rows.map(reviveListItem), matching: body.data.matching };
  } catch {
    return null;
  }
}

/** A list row as JSON carries its dates as strings. */
type TListItemJson = Omit<TAdminTicketListItem, "createdAt" | "updatedAt" | "lastMessageAt" | "sla"> & {
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
  sla: Omit<TAdminTicketListItem["sla"], "dueAt"> & { dueAt: string | null };
};

function reviveListItem(row: TListItemJson): TAdminTicketListItem {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    ...row,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    lastMessageAt: date(row.lastMessageAt),
    sla: { ...row.sla, dueAt: date(row.sla.dueAt) },
  };
}

/** The columns from `lg`: selection, number, subject, category, status, priority, student, assignee, created, updated, actions. */
const GRID =
  "lg:grid-cols-[1.5rem_3.5rem_minmax(0,3fr)_minmax(0,1.2fr)_6rem_5.5rem_minmax(0,1.2fr)_minmax(0,1.1fr)_5.5rem_5.5rem_2rem] lg:gap-x-3";

function useListFormat() {
  const t = useTranslations("tickets.adminList");
  const format = useFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const day = (date: Date) => format.dateTime(date, { dateStyle: "short" });
  const time = (date: Date) => format.dateTime(date, { timeStyle: "short" });
  /** Phones: one line of text; wide screens: day over time, so a narrow column never breaks inside either. */
  const date = (value: Date, phoneKey: "createdOn" | "updatedOnLong") => (
    <time dateTime={value.toISOString()} title={when(value)}>
      <span className="lg:sr-only">{t(phoneKey, { date: when(value) })}</span>
      <span className="hidden lg:block lg:whitespace-nowrap" aria-hidden="true">
        {day(value)}
      </span>
      <span className="hidden lg:block lg:whitespace-nowrap lg:text-slate-600" aria-hidden="true">
        {time(value)}
      </span>
    </time>
  );
  return { t, date };
}

function UnreadDot({ label }: { label: string }) {
  return (
    <span className="inline-flex items-center" data-testid="unread-dot">
      <span aria-hidden="true" className="size-2.5 shrink-0 rounded-full bg-blue-600" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A request nobody has answered yet (no public message since it was created). */
function NewRequestBadge({ label }: { label: string }) {
  return (
    <Badge tone="blue" className="gap-1.5" data-testid="new-request-badge">
      <span aria-hidden="true" className="size-2 rounded-full bg-blue-600" />
      {label}
    </Badge>
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

/**
 * Where the search matched: the field, then the text around the words with the words in <mark>.
 * The pieces come cut on the server (ts_headline's marks); every piece is rendered as text, so
 * nothing a user wrote is ever read as HTML.
 */
function SearchHitLine({ hit }: { hit: TSearchHit }) {
  const t = useTranslations("tickets.adminList");
  let offset = 0;
  const pieces = (hit.snippet ?? []).map((piece) => {
    const key = `${offset}`;
    offset += piece.text.length;
    return piece.marked ? (
      <mark key={key} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
        {piece.text}
      </mark>
    ) : (
      <span key={key}>{piece.text}</span>
    );
  });
  return (
    <p className="break-words text-xs text-slate-700" data-testid="search-hit" data-where={hit.where}>
      <span className="font-medium text-slate-600">{t(`searchHit.${hit.where}`)}</span>
      {pieces.length > 0 ? <> : {pieces}</> : null}
    </p>
  );
}

/**
 * One ticket. Phones: a card (checkbox beside it, the whole card opens the ticket). From `lg`:
 * the wrappers become `display: contents` and every value is a cell of the row's grid, put in
 * its column by `order`.
 */
function TicketRow({
  ticket,
  selected,
  onSelect,
  extraBadges,
  actions,
}: {
  ticket: TAdminTicketListItem;
  selected: boolean;
  onSelect: (on: boolean) => void;
  extraBadges: ReactNode;
  actions: ReactNode;
}) {
  const locale = useLocale();
  const { t, date } = useListFormat();
  const label = (text: string) => <span className="sr-only">{text} : </span>;
  return (
    <li
      data-testid="admin-ticket-row"
      data-ticket-id={ticket.id}
      className={`relative grid grid-cols-[1.5rem_minmax(0,1fr)_auto] gap-x-2 py-3 text-sm has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-brand-600 lg:items-start lg:py-2 lg:hover:bg-slate-50 ${GRID} ${selected ? "bg-brand-50" : ""}`}
    >
      <div className="relative z-10 pt-0.5">
        <input
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          aria-label={t("select", { number: ticket.number })}
          data-testid="row-select"
        />
      </div>
      <div className="min-w-0 space-y-1.5 lg:contents">
        <div className="flex flex-wrap items-center gap-1.5 lg:contents">
          <span className="text-xs text-slate-600 tabular-nums lg:order-1 lg:text-sm" data-testid="ticket-number">
            <span className="lg:sr-only">{t("numberPrefix")}</span>
            {ticket.number}
          </span>
          <span className="lg:order-4">
            <StatusBadge status={ticket.status} />
          </span>
          <span className="lg:order-5">
            <PriorityBadge priority={ticket.priority} />
          </span>
          {ticket.unread && !ticket.isNewRequest ? (
            <span className="lg:hidden">
              <UnreadDot label={t("unread")} />
            </span>
          ) : null}
        </div>
        <div className="min-w-0 lg:order-2">
          <div className="flex items-start gap-1.5">
            {/* A fixed slot on wide screens, so subjects line up whether or not the dot is there. */}
            <span className="hidden w-2.5 shrink-0 pt-1.5 lg:block">
              {ticket.unread && !ticket.isNewRequest ? <UnreadDot label={t("unread")} /> : null}
            </span>
            <div className="min-w-0 space-y-1">
              <Link
                href={`/admin/demandes/${ticket.id}`}
                data-focus-id={ticket.id}
                className="font-medium break-words text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:outline-none max-lg:text-base lg:text-brand-700 lg:underline-offset-2 lg:after:hidden lg:hover:underline lg:focus-visible:outline-2 lg:focus-visible:outline-brand-600"
              >
                {ticket.subject}
              </Link>
              {ticket.searchHit ? <SearchHitLine hit={ticket.searchHit} /> : null}
              <div className="flex flex-wrap items-center gap-1.5" data-testid="row-badges">
                {ticket.isNewRequest ? <NewRequestBadge label={t("newRequest")} /> : null}
                <MessageCount count={ticket.messageCount} label={t("messageCount", { count: ticket.messageCount })} />
                <SlaBadge sla={ticket.sla} />
                <TagList tags={ticket.tags} label={t("tags")} />
                {extraBadges}
              </div>
            </div>
          </div>
        </div>
        <div className="break-words text-slate-700 lg:order-3 lg:text-slate-900">
          {label(t("category"))}
          {localizedCategoryLabel(ticket.categoryLabel, locale)}
        </div>
        <div className="break-words text-slate-700 lg:order-6 lg:text-slate-900">
          {label(t("student"))}
          {/* Above the row's whole-card link on phones (the subject's after:inset-0 overlay). */}
          <Link
            href={`/admin/eleves/${ticket.student.id}`}
            className="relative z-10 text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
            data-testid="row-student"
          >
            {ticket.student.name}
          </Link>
        </div>
        <div className="break-words text-xs text-slate-700 lg:order-7 lg:text-sm lg:text-slate-900">
          {ticket.assignee ? (
            <>
              <span className="lg:sr-only">{t("assignee")} : </span>
              {ticket.assignee.name}
            </>
          ) : (
            <span className="text-slate-600">{t("unassigned")}</span>
          )}
        </div>
        <div className="text-xs text-slate-600 lg:order-8 lg:text-slate-900">{date(ticket.createdAt, "createdOn")}</div>
        <div className="text-xs text-slate-600 lg:order-9 lg:text-slate-900">
          {date(ticket.updatedAt, "updatedOnLong")}
        </div>
      </div>
      {/* Above the card's full-size link on phones, like the checkbox. */}
      <div className="relative z-10 -my-1.5 lg:order-10 lg:my-0 lg:-mt-1">{actions}</div>
    </li>
  );
}
