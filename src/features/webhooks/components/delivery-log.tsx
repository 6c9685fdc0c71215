"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Notice, type TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { LoadMoreFooter } from "@/components/lists/load-more-footer";
import { useLoadMore } from "@/components/lists/use-load-more";
import { Button } from "@/components/ui/button";
import type { TActionError } from "@/lib/errors";
import {
  listWebhookDeliveriesAction,
  retryAllFailedWebhooksAction,
  retryWebhookDeliveryAction,
  sendTestWebhookEventAction,
} from "../actions/webhook-actions";
import type { TWebhookDeliveryListItem, TWebhookDeliveryPage } from "../dto";
import type { TWebhookLogFilters } from "../schemas";
import { DeliveryCards } from "./delivery-cards";
import { shortId } from "./delivery-labels";
import { DeliveryTable } from "./delivery-table";

const RETRYABLE = new Set(["failed", "skipped"]);

/**
 * The deliveries with the log's actions: send a test event, retry all failed, retry one,
 * load the next page. The first page comes from the server and each action refreshes it;
 * "Charger plus" appends pages from the keyset cursor. Every outcome is announced in the
 * log's one live region.
 */
export function DeliveryLog({
  initialPage,
  filters,
  canSend,
}: {
  initialPage: TWebhookDeliveryPage;
  filters: TWebhookLogFilters;
  /** An endpoint is configured and enabled: only then does a retry send anything (issue 17). */
  canSend: boolean;
}) {
  const t = useTranslations("webhooks");
  const [notice, setNotice] = useState<TNotice | null>(null);
  const networkMessage = t("actions.failed");
  const success = (text: string) => setNotice({ tone: "success", text });
  const onError = (error: TActionError) => setNotice({ tone: "error", text: error.message });

  const list = useLoadMore<TWebhookDeliveryListItem, HTMLDivElement>({
    initialItems: initialPage.items,
    initialCursor: initialPage.nextCursor,
    loadPage: (cursor) => listWebhookDeliveriesAction({ ...filters, cursor }),
    loadedMessage: (count) => t("list.loadedMore", { count }),
    networkMessage,
    announce: setNotice,
  });

  const sendTest = useAppAction(sendTestWebhookEventAction, {
    networkMessage,
    refresh: true,
    onSuccess: (result) => success(result.state === "skipped" ? t("actions.testNotSent") : t("actions.testQueued")),
    onError,
  });

  const retryAll = useAppAction(retryAllFailedWebhooksAction, {
    networkMessage,
    refresh: true,
    onSuccess: ({ retried }) => {
      // Many rows changed state: show the fresh first page only.
      list.dropMore();
      success(retried === 0 ? t("actions.retriedNone") : t("actions.retriedAll", { count: retried }));
    },
    onError,
  });

  const retryOne = useAppAction(retryWebhookDeliveryAction, {
    networkMessage,
    refresh: true,
    onSuccess: (result) => {
      list.replaceItem(result.delivery);
      success(result.retried ? t("actions.retried") : t("actions.notRetryable"));
    },
    onError,
  });

  const busy = sendTest.busy || retryAll.busy || retryOne.busy || list.footer.pending;
  const start = (run: () => void) => () => {
    if (busy) return;
    setNotice(null);
    run();
  };

  const retryButton = (item: TWebhookDeliveryListItem) => {
    if (!canSend || !RETRYABLE.has(item.state)) return null;
    const retrying = retryOne.busy && retryOne.input?.eventId === item.id;
    return (
      <Button
        type="button"
        variant="secondary"
        size="sm"
        onClick={start(() => retryOne.execute({ eventId: item.id }))}
        disabled={busy}
        aria-busy={retrying}
      >
        {retrying ? t("actions.retrying") : t("actions.retry")}
        <span className="sr-only"> {t("actions.retryOf", { id: shortId(item.id) })}</span>
      </Button>
    );
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          onClick={start(() => sendTest.execute(undefined))}
          disabled={busy}
          aria-busy={sendTest.busy}
        >
          {sendTest.busy ? t("actions.sendingTest") : t("actions.sendTest")}
        </Button>
        {canSend ? (
          <Button
            type="button"
            variant="secondary"
            onClick={start(() => retryAll.execute(undefined))}
            disabled={busy}
            aria-busy={retryAll.busy}
          >
            {retryAll.busy ? t("actions.retryingAll") : t("actions.retryAll")}
          </Button>
        ) : null}
      </div>
      <Notice notice={notice} statusTestId="webhook-log-status" errorTestId="webhook-log-error" />

      <div ref={list.listRef}>
        {list.items.length === 0 ? (
          <p className="py-6 text-slate-600">{t("list.empty")}</p>
        ) : (
          <>
            <DeliveryTable items={list.items} retryButton={retryButton} />
            <DeliveryCards items={list.items} retryButton={retryButton} />
          </>
        )}
      </div>

      <LoadMoreFooter
        {...list.footer}
        announces={false}
        disabled={busy}
        onLoadMore={list.loadMore}
        labels={{ loadMore: t("list.loadMore"), loadingMore: t("list.loadingMore"), noMore: t("list.noMore") }}
      />
    </div>
  );
}
