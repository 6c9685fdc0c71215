"use client";

import { useEffect, useRef, useState } from "react";
import type { TNotice } from "@/components/feedback/notice";
import { type TSafeActionResult, useAppAction } from "@/components/forms/use-app-action";

export type TPage<T> = { items: T[]; nextCursor: string | null };

/**
 * The client side of a keyset list: the server-rendered first page, "load more" through an
 * action with the last cursor, de-duplication against the first page, the announced result,
 * and focus moved to the first added row (the first visible one: a list may render the same
 * row twice, as a table and as cards, one hidden by CSS; rows carry `data-focus-id`).
 *
 * A refresh brings a new first page. Pages loaded after it stay while the first page still ends
 * at the same cursor; when new rows pushed it down they would leave a gap, so they are dropped.
 * The outcome goes to `announce` when given (a panel with one live region for all its actions),
 * otherwise to `notice`, for the footer.
 */
export function useLoadMore<T extends { id: string }, E extends HTMLElement>(options: {
  initialItems: T[];
  initialCursor: string | null;
  loadPage: (cursor: string) => Promise<TSafeActionResult<TPage<T>> | undefined>;
  loadedMessage: (count: number) => string;
  networkMessage: string;
  announce?: (notice: TNotice | null) => void;
}) {
  const { initialItems, initialCursor } = options;
  const [firstPage, setFirstPage] = useState({ items: initialItems, cursor: initialCursor });
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState(initialCursor);
  const [ownNotice, setOwnNotice] = useState<TNotice | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<E>(null);
  const announce = options.announce ?? setOwnNotice;

  if (firstPage.items !== initialItems) {
    setFirstPage({ items: initialItems, cursor: initialCursor });
    if (initialCursor !== firstPage.cursor) {
      setMore([]);
      setCursor(initialCursor);
    }
  }

  useEffect(() => {
    if (!focusId || !listRef.current) return;
    for (const target of listRef.current.querySelectorAll<HTMLElement>(`[data-focus-id="${focusId}"]`)) {
      if (target.getClientRects().length > 0) {
        target.focus();
        break;
      }
    }
    setFocusId(null);
  }, [focusId]);

  const load = useAppAction(options.loadPage, {
    networkMessage: options.networkMessage,
    onSuccess: (page) => {
      setMore((current) => [...current, ...page.items]);
      setCursor(page.nextCursor);
      setFocusId(page.items[0]?.id ?? null);
      announce({ tone: "success", text: options.loadedMessage(page.items.length) });
    },
    onError: (error) => announce({ tone: "error", text: error.message }),
  });

  const seen = new Set(initialItems.map((item) => item.id));
  const items = [...initialItems, ...more.filter((item) => !seen.has(item.id))];

  return {
    items,
    listRef,
    loadMore: () => {
      if (!cursor || load.busy) return;
      announce(null);
      load.execute(cursor);
    },
    /** Shows a row's new state in the pages loaded after the first (the first page refreshes). */
    replaceItem: (item: T) => setMore((current) => current.map((row) => (row.id === item.id ? item : row))),
    /** Back to the first page alone (after a change to many rows). */
    dropMore: () => {
      setMore([]);
      setCursor(initialCursor);
    },
    footer: { notice: ownNotice, hasMore: Boolean(cursor), loadedExtra: more.length > 0, pending: load.busy },
  };
}
