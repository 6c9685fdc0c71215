"use client";

import { useEffect, useRef, useState } from "react";
import type { TNotice } from "@/components/feedback/notice";
import { type TSafeActionResult, useAppAction } from "@/components/forms/use-app-action";
import { readRestoredPages, rememberScroll, type TStoredPages, writeStoredPages } from "./stored-pages";

export type TPage<T> = { items: T[]; nextCursor: string | null };

/**
 * The client side of a keyset list: the server-rendered first page, "load more" through an
 * action with the last cursor, de-duplication against the first page, the announced result,
 * and focus moved to the first added row (the first visible one: a list may render the same
 * row twice, as a table and as cards, one hidden by CSS; rows carry `data-focus-id`).
 *
 * Infinite scroll (issue 17): the footer's sentinel coming into view loads the next page too,
 * once the user has scrolled themselves (wheel, touch or a key: a page that opens with its end
 * in view, or a script scrolling to the button, loads nothing by itself; "Charger plus" does). Such a load is
 * announced but leaves focus where it is; pressing the button (even while a load it started
 * runs) moves focus to the first added row.
 *
 * With `storageKey`, the pages loaded after the first and the scroll position are kept in
 * sessionStorage and come back on a back/forward navigation, while the first page still ends
 * at the same cursor (see stored-pages.ts).
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
  storageKey?: string;
}) {
  const { initialItems, initialCursor, storageKey } = options;
  const [firstPage, setFirstPage] = useState({ items: initialItems, cursor: initialCursor });
  // Read once, when the list mounts after a back/forward navigation (never while hydrating).
  const [restored] = useState<TStoredPages<T> | null>(() =>
    storageKey ? readRestoredPages<T>(storageKey, initialCursor) : null,
  );
  const [more, setMore] = useState<T[]>(restored?.more ?? []);
  const [cursor, setCursor] = useState(restored ? restored.cursor : initialCursor);
  // Rows of the first page replaced by a row action, until the next first page comes.
  const [replaced, setReplaced] = useState<ReadonlyMap<string, T>>(new Map());
  const [ownNotice, setOwnNotice] = useState<TNotice | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<E>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const focusWhenLoaded = useRef(false);
  const [userScrolled, setUserScrolled] = useState(false);
  const announce = options.announce ?? setOwnNotice;

  if (firstPage.items !== initialItems) {
    setFirstPage({ items: initialItems, cursor: initialCursor });
    setReplaced(new Map());
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
      if (focusWhenLoaded.current) setFocusId(page.items[0]?.id ?? null);
      focusWhenLoaded.current = false;
      announce({ tone: "success", text: options.loadedMessage(page.items.length) });
    },
    onError: (error) => {
      focusWhenLoaded.current = false;
      announce({ tone: "error", text: error.message });
    },
  });

  const loadNext = (fromButton: boolean) => {
    if (!cursor) return;
    if (load.busy) {
      // The button pressed while the scroll's load runs: that load is the one asked for.
      if (fromButton) focusWhenLoaded.current = true;
      return;
    }
    focusWhenLoaded.current = fromButton;
    announce(null);
    load.execute(cursor);
  };
  const loadNextRef = useRef(loadNext);
  useEffect(() => {
    loadNextRef.current = loadNext;
  });

  // Only a user's own scrolling arms the automatic load (or a page already scrolled when the
  // list mounts: scrolled before the page was interactive, or put back by a back navigation).
  useEffect(() => {
    if (userScrolled) return;
    const arm = () => setUserScrolled(true);
    if (window.scrollY > 0) arm();
    const onKey = (event: KeyboardEvent) => {
      if (["PageDown", "End", "ArrowDown", " ", "Spacebar"].includes(event.key)) arm();
    };
    window.addEventListener("wheel", arm, { passive: true });
    window.addEventListener("touchmove", arm, { passive: true });
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("wheel", arm);
      window.removeEventListener("touchmove", arm);
      window.removeEventListener("keydown", onKey);
    };
  }, [userScrolled]);

  // A new observer after each page: one whose sentinel is still in view reports it at once.
  const loadedCount = more.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: loadedCount re-creates the observer after each page (see above).
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!userScrolled || !cursor || !sentinel || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadNextRef.current(false);
      },
      { rootMargin: "0px 0px 300px 0px" },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [userScrolled, cursor, loadedCount]);

  // Kept for a back/forward navigation to this list.
  useEffect(() => {
    if (storageKey) writeStoredPages(storageKey, { firstCursor: initialCursor, more, cursor });
  }, [storageKey, initialCursor, more, cursor]);
  useEffect(() => {
    if (!storageKey) return;
    if (restored) window.scrollTo({ top: restored.scrollY });
    const onClick = () => rememberScroll(storageKey);
    document.addEventListener("click", onClick, { capture: true });
    return () => document.removeEventListener("click", onClick, { capture: true });
  }, [storageKey, restored]);

  const seen = new Set(initialItems.map((item) => item.id));
  const items = [
    ...initialItems.map((item) => replaced.get(item.id) ?? item),
    ...more.filter((item) => !seen.has(item.id)),
  ];

  return {
    items,
    listRef,
    loadMore: () => loadNext(true),
    /** Shows a row's new state in place, on any page (a refreshed first page replaces it). */
    replaceItem: (item: T) => {
      if (seen.has(item.id)) setReplaced((current) => new Map(current).set(item.id, item));
      else setMore((current) => current.map((row) => (row.id === item.id ? item : row)));
    },
    /** Back to the first page alone (after a change to many rows). */
    dropMore: () => {
      setMore([]);
      setCursor(initialCursor);
    },
    footer: {
      notice: ownNotice,
      hasMore: Boolean(cursor),
      loadedExtra: more.length > 0,
      pending: load.busy,
      sentinelRef,
    },
  };
}
