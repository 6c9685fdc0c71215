"use client";

import type { RefObject } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { Button } from "@/components/ui/button";

/**
 * The end of a keyset list (see useLoadMore): the announced result of the last "load more"
 * (left out when the list's panel announces it itself), the button while there is a next
 * page, or "no more". Above the button, the sentinel whose coming into view loads the next
 * page (infinite scroll); the button stays, for keyboards and as the fallback. While a page
 * loads it is aria-disabled, not disabled: pressing it then asks for focus on the new rows.
 */
export function LoadMoreFooter({
  notice,
  hasMore,
  loadedExtra,
  pending,
  disabled = false,
  onLoadMore,
  labels,
  announces = true,
  sentinelRef,
}: {
  notice: TNotice | null;
  hasMore: boolean;
  loadedExtra: boolean;
  pending: boolean;
  /** Another action of the panel is running. */
  disabled?: boolean;
  onLoadMore: () => void;
  labels: { loadMore: string; loadingMore: string; noMore: string };
  announces?: boolean;
  sentinelRef?: RefObject<HTMLDivElement | null>;
}) {
  return (
    <>
      {announces ? <Notice notice={notice} look="list" /> : null}
      {hasMore ? (
        <div className="flex justify-center">
          <div ref={sentinelRef} aria-hidden="true" data-testid="load-more-sentinel" />
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              if (!disabled) onLoadMore();
            }}
            aria-disabled={pending || disabled}
            aria-busy={pending}
          >
            {pending ? labels.loadingMore : labels.loadMore}
          </Button>
        </div>
      ) : loadedExtra ? (
        <p className="text-center text-sm text-slate-600">{labels.noMore}</p>
      ) : null}
    </>
  );
}
