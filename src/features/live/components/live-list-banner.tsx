"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useRouter } from "@/i18n/navigation";
import type { TLiveAdminEvent } from "../live-values";
import { useLiveStream } from "./use-live-stream";

/** The admin list's filters a live event can be matched against in the browser. */
export type TLiveListFilters = { status?: string; priority?: string; category?: string; assignee?: string };

function matches(event: TLiveAdminEvent, filters: TLiveListFilters): boolean {
  if (filters.status && event.status !== filters.status) return false;
  if (filters.priority && event.priority !== filters.priority) return false;
  if (filters.category && event.category !== filters.category) return false;
  if (filters.assignee === "unassigned") return event.assignedTo === null;
  if (filters.assignee && event.assignedTo !== filters.assignee) return false;
  return true;
}

/**
 * New and changed tickets that match the list's filters, counted in a banner instead of moving
 * rows under the agent's cursor; "Afficher" refetches the list. A polite live region: screen
 * readers hear the count without losing their place.
 */
export function LiveListBanner({ filters }: { filters: TLiveListFilters }) {
  const t = useTranslations("live.list");
  const router = useRouter();
  const [created, setCreated] = useState<ReadonlySet<string>>(new Set());
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const [stale, setStale] = useState(false);

  useLiveStream(null, {
    onTicket: (event) => {
      if (event.audience !== "admin" || !matches(event, filters)) return;
      if (event.type === "created") setCreated((ids) => new Set(ids).add(event.ticketId));
      else setChanged((ids) => new Set(ids).add(event.ticketId));
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
