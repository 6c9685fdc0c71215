"use client";

import { Bell } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAppAction } from "@/components/forms/use-app-action";
import { useLiveStream } from "@/features/live/components";
import { Link } from "@/i18n/navigation";
import type { TUserRole } from "@/lib/user-roles";
import {
  listInAppNotificationsAction,
  markAllNotificationsReadAction,
  markNotificationReadAction,
} from "../actions/notification-actions";
import type { TInAppNotification } from "../dto";

const ADMIN_TYPES = new Set(["new_request", "student_reply", "ticket_assigned"]);

function hrefOf(item: TInAppNotification, role: TUserRole): string {
  if (!item.ticketId) return role === "admin" ? "/admin" : "/etudiant";
  return `${role === "admin" || ADMIN_TYPES.has(item.type) ? "/admin" : "/etudiant"}/demandes/${item.ticketId}`;
}

/**
 * The bell in the header (issue 14): the unread count, a list of the user's notifications with
 * links, mark one or all read. New ones arrive over the tab's live stream (their id only; the
 * list is read again through a server action, under the user's RLS) and are announced in a
 * polite live region. A disclosure button + region: Escape closes it and gives focus back.
 */
export function NotificationBell({ initialUnread, role }: { initialUnread: number; role: TUserRole }) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(initialUnread);
  const [items, setItems] = useState<TInAppNotification[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [failed, setFailed] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLElement>(null);

  const load = useAppAction(listInAppNotificationsAction, {
    networkMessage: t("failed"),
    onSuccess: (page, input) => {
      setFailed(false);
      setItems((current) => (input.cursor && current ? [...current, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setUnread(page.unread);
    },
    onError: () => setFailed(true),
  });
  const markOne = useAppAction(markNotificationReadAction, {
    networkMessage: t("failed"),
    onSuccess: (result, input) => {
      setUnread(result.unread);
      setItems((current) => current?.map((item) => (item.id === input.id ? { ...item, read: true } : item)) ?? null);
    },
  });
  const markAll = useAppAction(markAllNotificationsReadAction, {
    networkMessage: t("failed"),
    onSuccess: (result) => {
      setUnread(result.unread);
      setItems((current) => current?.map((item) => ({ ...item, read: true })) ?? null);
    },
  });
  const refresh = load.execute;
  const reload = useCallback(() => refresh({}), [refresh]);

  useLiveStream(null, {
    onNotification: () => {
      setUnread((count) => count + 1);
      reload();
      setAnnouncement(t("arrived", { text: t("unread", { count: unread + 1 }) }));
    },
    onReload: reload,
  });

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  const badge = unread > 99 ? "99+" : String(unread);
  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        className="relative inline-flex size-9 items-center justify-center rounded-md border border-slate-300 bg-white text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
        aria-expanded={open}
        aria-controls="notification-panel"
        data-testid="notification-bell"
        onClick={() => {
          const next = !open;
          setOpen(next);
          if (next) reload();
        }}
      >
        <Bell aria-hidden className="size-4" />
        <span className="sr-only">
          {t("bell")} ({t("unread", { count: unread })})
        </span>
        {unread > 0 ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -top-1.5 -right-1.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs leading-5 font-semibold text-white"
          >
            {badge}
          </span>
        ) : null}
      </button>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {open ? (
        <section
          ref={panelRef}
          id="notification-panel"
          aria-label={t("title")}
          className="absolute right-0 z-50 mt-2 w-[min(22rem,calc(100vw-2rem))] rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg"
        >
          <div className="mb-2 flex items-center justify-between gap-2">
            <h2 className="font-semibold">{t("title")}</h2>
            <button
              type="button"
              className="text-brand-700 underline underline-offset-4 disabled:opacity-50"
              disabled={unread === 0 || markAll.busy}
              onClick={() => markAll.execute({})}
            >
              {t("markAllRead")}
            </button>
          </div>
          {failed ? <p className="text-red-800">{t("failed")}</p> : null}
          {items === null ? null : items.length === 0 ? (
            <p className="py-2 text-slate-600">{t("empty")}</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" data-testid="notification-list">
              {items.map((item) => (
                <li key={item.id} className="flex items-start gap-2 py-2">
                  <span
                    aria-hidden
                    className={`mt-1.5 size-2 shrink-0 rounded-full ${item.read ? "bg-transparent" : "bg-brand-600"}`}
                  />
                  <div className="min-w-0 flex-1">
                    <Link
                      href={hrefOf(item, role)}
                      className={`block break-words ${item.read ? "text-slate-700" : "font-semibold text-slate-900"}`}
                      onClick={() => {
                        if (!item.read) markOne.execute({ id: item.id });
                        setOpen(false);
                      }}
                    >
                      {t(`types.${item.type}`)}
                      {item.ticketNumber !== null ? ` · ${t("ticket", { number: item.ticketNumber })}` : ""}
                    </Link>
                    <p className="truncate text-slate-600">{item.subject}</p>
                    <p className="text-xs text-slate-500">
                      {format.dateTime(item.createdAt, { dateStyle: "short", timeStyle: "short" })}
                    </p>
                  </div>
                  {!item.read ? (
                    <button
                      type="button"
                      className="shrink-0 text-xs text-brand-700 underline underline-offset-4"
                      onClick={() => markOne.execute({ id: item.id })}
                    >
                      {t("markRead")}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {nextCursor ? (
            <button
              type="button"
              className="mt-2 w-full text-center text-brand-700 underline underline-offset-4"
              disabled={load.busy}
              onClick={() => load.execute({ cursor: nextCursor })}
            >
              {t("loadMore")}
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
