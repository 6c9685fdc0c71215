"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import { LIVE_LIST_CHECK_MAX } from "@/lib/live-list-values";
import { useLiveStream } from "./use-live-stream";

/** Events of a burst are checked together, once this long after the first. */
const CHECK_DELAY_MS = 400;

/**
 * Asks the server about the tickets that live events named: it puts the rows the list shows in
 * place and answers which of the others match the list's filters now (every filter, search
 * words and dates included), or null when it could not be asked.
 */
export type TLiveListCheck = (ids: string[]) => Promise<ReadonlySet<string> | null>;

/**
 * The admin list's live updates (issue 14). A ticket the list shows is updated in place (its
 * status, assignee, unread dot, counts: `check` does it); new and changed tickets that match
 * the list's filters are counted in a banner instead of moving rows under the agent's cursor;
 * "Afficher" refetches the list. A polite live region: screen readers hear the count without
 * losing their place.
 */
export function LiveListBanner({ check }: { check: TLiveListCheck }) {
  const t = useTranslations("live.list");
  const router = useRouter();
  const [created, setCreated] = useState<ReadonlySet<string>>(new Set());
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const [stale, setStale] = useState(false);
  const pending = useRef(new Map<string, "created" | "changed">());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latestCheck = useRef(check);
  latestCheck.current = check;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function flush() {
    timer.current = null;
    const batch = new Map(pending.current);
    pending.current.clear();
    const matching = await latestCheck.current([...batch.keys()]);
    if (!matching) {
      setStale(true);
      return;
    }
    const add = (kind: "created" | "changed") => (ids: ReadonlySet<string>) => {
      const next = new Set(ids);
      for (const [id, what] of batch) if (what === kind && matching.has(id)) next.add(id);
      return next.size === ids.size ? ids : next;
    };
    setCreated(add("created"));
    setChanged(add("changed"));
  }

  useLiveStream(null, {
    onTicket: (event) => {
      if (event.audience !== "admin") return;
      // More in one burst than one check takes: the list may have changed anywhere.
      if (pending.current.size >= LIVE_LIST_CHECK_MAX && !pending.current.has(event.ticketId)) {
        setStale(true);
        return;
      }
      const known = pending.current.get(event.ticketId);
      pending.current.set(event.ticketId, known === "created" || event.type === "created" ? "created" : "changed");
      timer.current ??= setTimeout(() => void flush(), CHECK_DELAY_MS);
    },
    onReload: () => setStale(true),
  });

  const changedOnly = [...changed].filter((id) => !created.has(id)).length;
  const parts = [
    created.size > 0 ? t("created", { count: created.size }) : null,
    changedOnly > 0 ? t("changed", { count: changedOnly }) : null,
    stale && created.size === 0 && changedOnly === 0 ? t("stale") : null,
  ].filter((part): part is string => part !== null);

  function show() {
    setCreated(new Set());
    setChanged(new Set());
    setStale(false);
    router.refresh();
  }

  return (
    <div role="status" aria-live="polite" data-testid="live-list-banner">
      {parts.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-slate-900">
          <span>{parts.join(" · ")}</span>
          <Button type="button" size="sm" variant="secondary" onClick={show}>
            {t("show")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
