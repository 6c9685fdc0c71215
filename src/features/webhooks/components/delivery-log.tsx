"use client";

import { useFormatter, useTranslations } from "next-intl";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Link, useRouter } from "@/i18n/navigation";
import {
  listWebhookDeliveriesAction,
  retryAllFailedWebhooksAction,
  retryWebhookDeliveryAction,
  sendTestWebhookEventAction,
} from "../actions/webhook-actions";
import type { TWebhookDeliveryListItem, TWebhookDeliveryPage } from "../dto";
import type { TWebhookLogFilters } from "../schemas";
import { shortId, typeLabelKey } from "./delivery-labels";
import { DeliveryStateBadge, DeliveryTypeLabel } from "./delivery-state-badge";

type TNotice = { tone: "success" | "error"; text: string } | null;
type TBusy = "retryAll" | "test" | "more" | `retry:${string}` | null;

const RETRYABLE = new Set(["failed", "skipped"]);

/**
 * The deliveries with the log's actions: send a test event, retry all failed, retry one,
 * load the next page. The first page comes from the server; "Charger plus" appends pages
 * from the keyset cursor. Outcomes are announced in a live region.
 */
export function DeliveryLog({
  initialPage,
  filters,
}: {
  initialPage: TWebhookDeliveryPage;
  filters: TWebhookLogFilters;
}) {
  const t = useTranslations("webhooks");
  const router = useRouter();
  const [shownPage, setShownPage] = useState(initialPage);
  const [more, setMore] = useState<TWebhookDeliveryListItem[]>([]);
  const [cursor, setCursor] = useState(initialPage.nextCursor);
  const [patched, setPatched] = useState<Record<string, TWebhookDeliveryListItem>>({});
  const [busy, setBusy] = useState<TBusy>(null);
  const [notice, setNotice] = useState<TNotice>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // A refresh brings a new first page. Pages loaded after it stay valid while its last row is
  // the same; when new events pushed rows down, they would leave a gap, so start over.
  if (shownPage !== initialPage) {
    setShownPage(initialPage);
    setPatched({});
    if (initialPage.nextCursor !== shownPage.nextCursor) {
      setMore([]);
      setCursor(initialPage.nextCursor);
    }
  }

  useEffect(() => {
    if (!focusId || !listRef.current) return;
    // Table and cards are both rendered (one is hidden by CSS): focus the visible one.
    const targets = listRef.current.querySelectorAll<HTMLElement>(`[data-focus-id="${focusId}"]`);
    for (const target of targets) {
      if (target.getClientRects().length > 0) {
        target.focus();
        break;
      }
    }
    setFocusId(null);
  }, [focusId]);

  const firstPageIds = new Set(initialPage.items.map((item) => item.id));
  const items = [...initialPage.items, ...more.filter((item) => !firstPageIds.has(item.id))].map(
    (item) => patched[item.id] ?? item,
  );

  async function run(kind: Exclude<TBusy, null>, work: () => Promise<TNotice>) {
    setBusy(kind);
    setNotice(null);
    try {
      setNotice(await work());
    } catch {
      setNotice({ tone: "error", text: t("actions.failed") });
    } finally {
      setBusy(null);
    }
  }

  const sendTest = () =>
    run("test", async () => {
      const result = await sendTestWebhookEventAction({});
      if (!result.ok) return { tone: "error", text: result.message };
      router.refresh();
      return {
        tone: "success",
        text: result.data.state === "skipped" ? t("actions.testNotSent") : t("actions.testQueued"),
      };
    });

  const retryAll = () =>
    run("retryAll", async () => {
      const result = await retryAllFailedWebhooksAction({});
      if (!result.ok) return { tone: "error", text: result.message };
      // Many rows changed state: show the fresh first page only.
      setMore([]);
      setCursor(initialPage.nextCursor);
      router.refresh();
      const count = result.data.retried;
      return { tone: "success", text: count === 0 ? t("actions.retriedNone") : t("actions.retriedAll", { count }) };
    });

  const retryOne = (id: string) =>
    run(`retry:${id}`, async () => {
      const result = await retryWebhookDeliveryAction({ eventId: id });
      if (!result.ok) return { tone: "error", text: result.message };
      const updated = result.data.delivery;
      setPatched((current) => ({ ...current, [id]: updated }));
      setMore((current) => current.map((item) => (item.id === id ? updated : item)));
      router.refresh();
      return { tone: "success", text: result.data.retried ? t("actions.retried") : t("actions.notRetryable") };
    });

  const loadMore = () =>
    run("more", async () => {
      if (!cursor) return null;
      const result = await listWebhookDeliveriesAction({ ...filters, cursor });
      if (!result.ok) return { tone: "error", text: result.message };
      setMore((current) => [...current, ...result.data.items]);
      setCursor(result.data.nextCursor);
      setFocusId(result.data.items[0]?.id ?? null);
      return { tone: "success", text: t("list.loadedMore", { count: result.data.items.length }) };
    });

  const retryButton = (item: TWebhookDeliveryListItem) =>
    RETRYABLE.has(item.state) ? (
      <Button
        type="button"
        variant="secondary"
        size="sm"
        onClick={() => retryOne(item.id)}
        disabled={busy !== null}
        aria-busy={busy === `retry:${item.id}`}
      >
        {busy === `retry:${item.id}` ? t("actions.retrying") : t("actions.retry")}
        <span className="sr-only"> {t("actions.retryOf", { id: shortId(item.id) })}</span>
      </Button>
    ) : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={sendTest} disabled={busy !== null} aria-busy={busy === "test"}>
          {busy === "test" ? t("actions.sendingTest") : t("actions.sendTest")}
        </Button>
        <Button
          type="button"
          variant="secondary"
          onClick={retryAll}
          disabled={busy !== null}
          aria-busy={busy === "retryAll"}
        >
          {busy === "retryAll" ? t("actions.retryingAll") : t("actions.retryAll")}
        </Button>
      </div>
      <div aria-live="polite" role="status" data-testid="webhook-log-status">
        {notice?.tone === "success" ? (
          <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
            {notice.text}
          </p>
        ) : null}
      </div>
      <div role="alert" data-testid="webhook-log-error">
        {notice?.tone === "error" ? (
          <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{notice.text}</p>
        ) : null}
      </div>

      <div ref={listRef}>
        {items.length === 0 ? (
          <p className="py-6 text-slate-600">{t("list.empty")}</p>
        ) : (
          <>
            <DeliveryTable items={items} retryButton={retryButton} />
            <DeliveryCards items={items} retryButton={retryButton} />
          </>
        )}
      </div>

      {cursor ? (
        <div className="flex justify-center">
          <Button
            type="button"
            variant="secondary"
            onClick={loadMore}
            disabled={busy !== null}
            aria-busy={busy === "more"}
          >
            {busy === "more" ? t("list.loadingMore") : t("list.loadMore")}
          </Button>
        </div>
      ) : more.length > 0 ? (
        <p className="text-center text-sm text-slate-600">{t("list.noMore")}</p>
      ) : null}
    </div>
  );
}

type TRowsProps = {
  items: TWebhookDeliveryListItem[];
  retryButton: (item: TWebhookDeliveryListItem) => ReactNode;
};

function useDeliveryFormat() {
  const t = useTranslations("webhooks");
  const format = useFormatter();
  const when = (value: Date | null) =>
    value ? format.dateTime(value, { dateStyle: "short", timeStyle: "medium" }) : t("list.none");
  const ticket = (item: TWebhookDeliveryListItem) =>
    item.ticketNumber === null ? t("list.none") : t("list.ticketNumber", { number: item.ticketNumber });
  const lastResponse = (item: TWebhookDeliveryListItem) => {
    const status = item.lastStatusCode === null ? null : t("list.statusCode", { code: item.lastStatusCode });
    if (!status && !item.lastError) return t("list.none");
    if (!item.lastError) return status;
    // The worker's errors often start with the status already ("HTTP 410 Gone").
    return status && !item.lastError.startsWith(status) ? `${status} · ${item.lastError}` : item.lastError;
  };
  return { t, when, ticket, lastResponse };
}

function DetailsLink({ item }: { item: TWebhookDeliveryListItem }) {
  const t = useTranslations("webhooks");
  return (
    <Link
      href={`/admin/webhooks/${item.id}`}
      data-focus-id={item.id}
      className="rounded text-sm font-medium text-brand-700 underline underline-offset-4"
    >
      {t("list.details")}
      <span className="sr-only"> {t("list.detailsOf", { id: shortId(item.id) })}</span>
    </Link>
  );
}

/** Desktop: one row per delivery. */
function DeliveryTable({ items, retryButton }: TRowsProps) {
  const { t, when, ticket, lastResponse } = useDeliveryFormat();
  return (
    <div className="hidden md:block">
      <table className="w-full table-fixed border-collapse text-sm">
        <caption className="sr-only">{t("list.caption")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th scope="col" className="w-[19%] py-2 pr-3 font-medium">
              {t("list.event")}
            </th>
            <th scope="col" className="w-[8%] py-2 pr-3 font-medium">
              {t("list.ticket")}
            </th>
            <th scope="col" className="w-[17%] py-2 pr-3 font-medium">
              {t("list.state")}
            </th>
            <th scope="col" className="w-[6%] py-2 pr-3 font-medium">
              {t("list.attempts")}
            </th>
            <th scope="col" className="w-[15%] py-2 pr-3 font-medium">
              {t("list.lastResponse")}
            </th>
            <th scope="col" className="w-[12%] py-2 pr-3 font-medium">
              {t("list.nextAttempt")}
            </th>
            <th scope="col" className="w-[12%] py-2 pr-3 font-medium">
              {t("list.created")}
            </th>
            <th scope="col" className="w-[11%] py-2 font-medium">
              <span className="sr-only">{t("list.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((item) => (
            <tr key={item.id} className="align-top" data-testid="webhook-delivery-row">
              <td className="py-2 pr-3">
                <DeliveryTypeLabel type={item.type} labelKey={typeLabelKey(item.type)} />
                <span className="font-mono text-xs text-slate-500">{shortId(item.id)}</span>
              </td>
              <td className="py-2 pr-3">{ticket(item)}</td>
              <td className="py-2 pr-3">
                <DeliveryStateBadge state={item.state} reason={item.stateReason} />
              </td>
              <td className="py-2 pr-3 tabular-nums">{item.attemptCount}</td>
              <td className="py-2 pr-3 break-words">{lastResponse(item)}</td>
              <td className="py-2 pr-3">{when(item.nextAttemptAt)}</td>
              <td className="py-2 pr-3">
                {when(item.createdAt)}
                {item.deliveredAt ? (
                  <span className="block text-xs text-slate-500">
                    {t("list.deliveredAt", { date: when(item.deliveredAt) })}
                  </span>
                ) : null}
              </td>
              <td className="py-2">
                <div className="flex flex-col items-start gap-2">
                  <DetailsLink item={item} />
                  {retryButton(item)}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Phones: one card per delivery, nothing wider than the screen. */
function DeliveryCards({ items, retryButton }: TRowsProps) {
  const { t, when, ticket, lastResponse } = useDeliveryFormat();
  return (
    <ul className="divide-y divide-slate-100 md:hidden" aria-label={t("list.caption")}>
      {items.map((item) => (
        <li key={item.id} className="min-w-0 space-y-2 py-3" data-testid="webhook-delivery-card">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <DeliveryTypeLabel type={item.type} labelKey={typeLabelKey(item.type)} />
            <DeliveryStateBadge state={item.state} reason={item.stateReason} />
          </div>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600">{t("list.ticket")}</dt>
            <dd>{ticket(item)}</dd>
            <dt className="text-slate-600">{t("list.attempts")}</dt>
            <dd className="tabular-nums">{item.attemptCount}</dd>
            <dt className="text-slate-600">{t("list.lastResponse")}</dt>
            <dd className="break-words">{lastResponse(item)}</dd>
            {item.nextAttemptAt ? (
              <>
                <dt className="text-slate-600">{t("list.nextAttempt")}</dt>
                <dd>{when(item.nextAttemptAt)}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">{t("list.created")}</dt>
            <dd>
              {when(item.createdAt)}
              {item.deliveredAt ? (
                <span className="block text-xs text-slate-500">
                  {t("list.deliveredAt", { date: when(item.deliveredAt) })}
                </span>
              ) : null}
            </dd>
          </dl>
          <div className="flex flex-wrap items-center gap-3">
            <DetailsLink item={item} />
            {retryButton(item)}
            <span className="ml-auto font-mono text-xs text-slate-500">{shortId(item.id)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
