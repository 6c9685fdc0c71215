"use client";

import { Notice, type TNotice } from "@/components/feedback/notice";
import { Button } from "@/components/ui/button";

/**
 * The end of a keyset list (see useLoadMore): the announced result of the last "load more"
 * (left out when the list's panel announces it itself), the button while there is a next
 * page, or "no more".
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
}) {
  return (
    <>
      {announces ? <Notice notice={notice} look="list" /> : null}
      {hasMore ? (
        <div className="flex justify-center">
          <Button
            type="button"
            variant="secondary"
            onClick={onLoadMore}
            disabled={pending || disabled}
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
