import "server-only";
import { asc, eq, type SQL, sql } from "drizzle-orm";
import { afterKey, keyExpression, keyOrderBy, splitPage, type TKeyColumn, type TKeysetPage } from "@/server/db/keyset";
import {
  appSettings,
  supportTickets,
  type TWebhookState,
  webhookAttempts,
  webhookEndpoints,
  webhookEvents,
} from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TWebhookAttemptItem, TWebhookDeliveryListItem } from "./dto";

// The delivery log's queries. Every function takes the caller's withUser() transaction, so
// row-level security applies: only admins see webhook_events, webhook_attempts and
// webhook_endpoints, and the writes go through SECURITY DEFINER functions that check
// app.is_admin() themselves (migration 0008). The worker's own SQL is in worker-repository.ts.

/**
 * Writes one event to the outbox with its delivery job (enqueue_webhook_event, migration
 * 0008), in the caller's transaction: it commits with the change or not at all.
 */
export async function enqueueWebhookEvent(
  tx: TTx,
  event: {
    type: string;
    ticketId: string | null;
    data: Record<string, unknown>;
    state: "pending" | "skipped";
    stateReason: string | null;
  },
): Promise<string | null> {
  const result = await tx.execute<{ id: string }>(sql`
    select public.enqueue_webhook_event(
      ${event.type}, ${event.ticketId}::uuid, ${JSON.stringify(event.data)}::jsonb,
      ${event.state}::public.webhook_state,
      ${event.stateReason}
    ) as id
  `);
  return result.rows[0]?.id ?? null;
}

type TListRow = {
  id: string;
  type: string;
  ticket_id: string | null;
  ticket_number: number | null;
  state: TWebhookState;
  state_reason: string | null;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | string;
  created_at: Date | string;
  delivered_at: Date | string | null;
  sort_key: string[];
};

const date = (value: Date | string) => new Date(value);
const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

function toListItem(row: Omit<TListRow, "sort_key">): TWebhookDeliveryListItem {
  return {
    id: row.id,
    type: row.type,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    state: row.state,
    stateReason: row.state_reason,
    attemptCount: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    nextAttemptAt: row.state === "pending" ? date(row.next_attempt_at) : null,
    createdAt: date(row.created_at),
    deliveredAt: dateOrNull(row.delivered_at),
  };
}

/** The log's order, newest first: the (created_at, id) key of its indexes. */
export const DELIVERY_SORT_KEY: readonly TKeyColumn[] = [
  { column: "created_at", cast: "timestamptz" },
  { column: "id", cast: "uuid" },
];

/**
 * One page of the log, newest first. Keyset on (created_at, id), the order of the
 * (created_at, id), (state, created_at, id) and (type, created_at, id) indexes: events of one
 * transaction share created_at, so id breaks the tie and a page boundary can neither repeat
 * nor skip a row. The payload (up to 5 MB) is not read here; ticket numbers are joined for
 * the page's rows only.
 */
export async function selectDeliveryPage(
  tx: TTx,
  options: { type?: string; state?: TWebhookState; after: string[] | null; limit: number },
): Promise<TKeysetPage<TWebhookDeliveryListItem>> {
  const conditions: SQL[] = [];
  if (options.type) conditions.push(sql`e.type = ${options.type}`);
  if (options.state) conditions.push(sql`e.state = ${options.state}`);
  if (options.after) conditions.push(afterKey(DELIVERY_SORT_KEY, "desc", "e", options.after));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx.execute<TListRow>(sql`
    with page as (
      select e.id, e.type, e.ticket_id, e.state, e.state_reason, e.attempts, e.last_status_code, e.last_error,
             e.next_attempt_at, e.created_at, e.delivered_at,
             array[${keyExpression(DELIVERY_SORT_KEY, "e")}] as sort_key
        from webhook_events e
        ${where}
       order by ${keyOrderBy(DELIVERY_SORT_KEY, "desc", "e")}
       limit ${options.limit + 1}
    )
    select p.*, t.number as ticket_number
      from page p
      left join support_tickets t on t.id = p.ticket_id
     order by ${keyOrderBy(DELIVERY_SORT_KEY, "desc", "p")}
  `);
  return splitPage(
    result.rows,
    options.limit,
    (row) => row.sort_key,
    ({ sort_key: _key, ...row }) => toListItem(row),
  );
}

const detailColumns = {
  id: webhookEvents.id,
  type: webhookEvents.type,
  ticket_id: webhookEvents.ticketId,
  ticket_number: supportTickets.number,
  state: webhookEvents.state,
  state_reason: webhookEvents.stateReason,
  attempts: webhookEvents.attempts,
  last_status_code: webhookEvents.lastStatusCode,
  last_error: webhookEvents.lastError,
  next_attempt_at: webhookEvents.nextAttemptAt,
  created_at: webhookEvents.createdAt,
  delivered_at: webhookEvents.deliveredAt,
};

/** One event as a list row, or null when it does not exist (or the caller may not see it). */
export async function selectDelivery(tx: TTx, eventId: string): Promise<TWebhookDeliveryListItem | null> {
  const [row] = await tx
    .select(detailColumns)
    .from(webhookEvents)
    .leftJoin(supportTickets, eq(supportTickets.id, webhookEvents.ticketId))
    .where(eq(webhookEvents.id, eventId));
  return row ? toListItem(row) : null;
}

/** One event with the body it sends and when it was first tried. */
export async function selectDeliveryWithPayload(tx: TTx, eventId: string) {
  const [row] = await tx
    .select({ ...detailColumns, payload: webhookEvents.payload, first_attempt_at: webhookEvents.firstAttemptAt })
    .from(webhookEvents)
    .leftJoin(supportTickets, eq(supportTickets.id, webhookEvents.ticketId))
    .where(eq(webhookEvents.id, eventId));
  if (!row) return null;
  const { payload, first_attempt_at, ...listRow } = row;
  return { ...toListItem(listRow), payload, firstAttemptAt: first_attempt_at };
}

/** Every HTTP attempt of an event, first to last. */
export async function selectDeliveryAttempts(tx: TTx, eventId: string): Promise<TWebhookAttemptItem[]> {
  return tx
    .select({
      attempt: webhookAttempts.attempt,
      startedAt: webhookAttempts.startedAt,
      durationMs: webhookAttempts.durationMs,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      responseExcerpt: webhookAttempts.responseExcerpt,
      nextAttemptAt: webhookAttempts.nextAttemptAt,
    })
    .from(webhookAttempts)
    .where(eq(webhookAttempts.eventId, eventId))
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.id));
}

/**
 * Puts failed or skipped events back in the queue (attempts reset) and wakes their delivery
 * jobs; events in another state are left alone. Returns how many were re-queued.
 */
export async function requeueDeliveries(tx: TTx, eventIds: readonly string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const result = await tx.execute<{ count: number }>(
    sql`select public.retry_webhook_events(${sql.param([...eventIds])}::uuid[]) as count`,
  );
  return Number(result.rows[0]?.count ?? 0);
}

/** Where a walk over the failed and skipped events stands: the last (created_at, id) seen. */
export type TRetryWalkKey = { createdAt: string; id: string } | null;

/**
 * The next `limit` failed or skipped events of `state` created at or before `upToSeq`'s
 * event, after `after`, on the (state, created_at, id) index. Walking forward on that key
 * never revisits an event, even one that fails again while the walk goes on.
 */
export async function selectRetryableBatch(
  tx: TTx,
  options: { state: "failed" | "skipped"; upToSeq: number; after: TRetryWalkKey; limit: number },
): Promise<{ ids: string[]; last: TRetryWalkKey }> {
  const after = options.after
    ? sql`and (e.created_at, e.id) > (${options.after.createdAt}::timestamptz, ${options.after.id}::uuid)`
    : sql``;
  const result = await tx.execute<{ id: string; created_at_text: string }>(sql`
    select e.id, to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at_text
      from webhook_events e
     where e.state = ${options.state}::webhook_state and e.seq <= ${options.upToSeq} ${after}
     order by e.created_at, e.id
     limit ${options.limit}
  `);
  const last = result.rows.at(-1);
  return {
    ids: result.rows.map((row) => row.id),
    last: last ? { createdAt: last.created_at_text, id: last.id } : options.after,
  };
}

/** The newest event's seq (0 when there is none): "all failed" means the ones that exist now. */
export async function selectLatestEventSeq(tx: TTx): Promise<number> {
  const result = await tx.execute<{ seq: string | number | null }>(sql`select max(seq) as seq from webhook_events`);
  return Number(result.rows[0]?.seq ?? 0);
}

/** The health of the endpoint whose URL hashes to `urlHash` (null: never disabled). */
export async function selectEndpointHealth(tx: TTx, urlHash: string) {
  const [row] = await tx
    .select({ disabledAt: webhookEndpoints.disabledAt, disabledReason: webhookEndpoints.disabledReason })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.urlHash, urlHash));
  return row ?? null;
}

/** Clears an endpoint's "disabled" mark. False when there was no such endpoint row. */
export async function enableEndpoint(tx: TTx, urlHash: string): Promise<boolean> {
  const result = await tx.execute<{ found: boolean }>(sql`select public.enable_webhook_endpoint(${urlHash}) as found`);
  return result.rows[0]?.found === true;
}

/**
 * Pending and failed events created since `since`, each counted up to `cap + 1` on the
 * (state, created_at, id) index: a flood of failures reads "1000+", never a slow full count.
 */
export async function countRecentDeliveries(
  tx: TTx,
  since: Date,
  cap: number,
): Promise<{ pending: number; failed: number }> {
  const capped = (state: TWebhookState) => sql`(
    select count(*)::int from (
      select 1 from webhook_events e where e.state = ${state}::webhook_state and e.created_at >= ${since.toISOString()}::timestamptz
      limit ${cap + 1}
    ) s
  )`;
  const result = await tx.execute<{ pending: number; failed: number }>(
    sql`select ${capped("pending")} as pending, ${capped("failed")} as failed`,
  );
  const row = result.rows[0];
  return { pending: Number(row?.pending ?? 0), failed: Number(row?.failed ?? 0) };
}

/** Writes the webhook columns of app_settings (admins only, by RLS). Absent fields are kept. */
export async function updateStoredWebhookSettings(
  tx: TTx,
  patch: {
    urlCipher?: string | null;
    urlHint?: string | null;
    apiKeyCipher?: string | null;
    signingSecretCipher?: string | null;
    eventTypes?: string[] | null;
    includeInternal?: boolean;
  },
): Promise<void> {
  const updated = await tx
    .update(appSettings)
    .set({
      ...(patch.urlCipher !== undefined ? { webhookUrlCipher: patch.urlCipher } : {}),
      ...(patch.urlHint !== undefined ? { webhookUrlHint: patch.urlHint } : {}),
      ...(patch.apiKeyCipher !== undefined ? { webhookApiKeyCipher: patch.apiKeyCipher } : {}),
      ...(patch.signingSecretCipher !== undefined ? { webhookSigningSecretCipher: patch.signingSecretCipher } : {}),
      ...(patch.eventTypes !== undefined ? { webhookEventTypes: patch.eventTypes } : {}),
      ...(patch.includeInternal !== undefined ? { webhookIncludeInternal: patch.includeInternal } : {}),
      updatedAt: sql`now()`,
      updatedBy: sql`auth.uid()`,
    })
    .where(eq(appSettings.id, true))
    .returning({ id: appSettings.id });
  // No row: not an admin (RLS hides it), or the row was removed by hand.
  if (updated.length === 0) throw new AppError("FORBIDDEN");
}
