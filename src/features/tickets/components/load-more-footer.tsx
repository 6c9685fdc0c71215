"use client";

import { Button } from "@/components/ui/button";

export type TListNotice = { tone: "success" | "error"; text: string } | null;

/**
 * The end of a keyset list: the announced result of the last "load more" (polite for
 * success, assertive for errors), the button while there is a next page, or "no more".
 */
export function LoadMoreFooter({
  notice,
  hasMore,
  loadedExtra,
  pending,
  onLoadMore,
  labels,
}: {
  notice: TListNotice;
  hasMore: boolean;
  loadedExtra: boolean;
  pending: boolean;
  onLoadMore: () => void;
  labels: { loadMore: string; loadingMore: string; noMore: string };
}) {
  return (
    <>
      <div role="status" aria-live="polite" className="text-center text-sm text-slate-600">
        {notice?.tone === "success" ? notice.text : null}
      </div>
      <div role="alert" className="text-center text-sm text-red-800">
        {notice?.tone === "error" ? notice.text : null}
      </div>
      {hasMore ? (
        <div className="flex justify-center">
          <Button type="button" variant="secondary" onClick={onLoadMore} disabled={pending} aria-busy={pending}>
            {pending ? labels.loadingMore : labels.loadMore}
          </Button>
        </div>
      ) : loadedExtra ? (
        <p className="text-center text-sm text-slate-600">{labels.noMore}</p>
      ) : null}
    </>
  );
}
