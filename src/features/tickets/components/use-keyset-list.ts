"use client";

import { useEffect, useRef, useState } from "react";
import type { TActionResult } from "@/server/actions/action-result";
import type { TListNotice } from "./load-more-footer";

type TPage<T> = { items: T[]; nextCursor: string | null };

/**
 * The client side of a keyset list: the server-rendered first page, "load more" through an
 * action with the last cursor, de-duplication against the first page, the announced result,
 * and focus moved to the first added row (the first visible one: a list may render the
 * same row twice, as a table and as cards, one hidden by CSS).
 */
export function useKeysetList<T extends { id: string }, E extends HTMLElement>(options: {
  initialItems: T[];
  initialCursor: string | null;
  fetchPage: (cursor: string) => Promise<TActionResult<TPage<T>>>;
  loadedMessage: (count: number) => string;
  networkMessage: string;
}) {
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState(options.initialCursor);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<TListNotice>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<E>(null);

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

  const seen = new Set(options.initialItems.map((item) => item.id));
  const items = [...options.initialItems, ...more.filter((item) => !seen.has(item.id))];

  async function loadMore() {
    if (!cursor) return;
    setPending(true);
    setNotice(null);
    try {
      const result = await options.fetchPage(cursor);
      if (!result.ok) {
        setNotice({ tone: "error", text: result.message });
        return;
      }
      setMore((current) => [...current, ...result.data.items]);
      setCursor(result.data.nextCursor);
      setFocusId(result.data.items[0]?.id ?? null);
      setNotice({ tone: "success", text: options.loadedMessage(result.data.items.length) });
    } catch {
      setNotice({ tone: "error", text: options.networkMessage });
    } finally {
      setPending(false);
    }
  }

  return {
    items,
    listRef,
    loadMore,
    footer: { notice, hasMore: Boolean(cursor), loadedExtra: more.length > 0, pending },
  };
}
