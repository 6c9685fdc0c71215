import "server-only";
import type { PoolClient } from "pg";
import type { TWebhookState } from "@/server/db/schema";

// The worker's SQL. It runs on a dedicated connection switched to service_role (BYPASSRLS),
// outside any user's request.

export type TQueuedEvent = {
  id: string;
  payload: unknown;
  attempts: number;
  firstAttemptAt: Date | null;
  due: boolean;
  nextAttemptAt: Date;
};

export async function selectNextPendingEvent(client: PoolClient, orderingKey: string): Promise<TQueuedEvent | null> {
  const { rows } = await client.query(
    `select id, payload, attempts, first_attempt_at, next_attempt_at, next_attempt_at <= now() as due
       from public.webhook_events
      where ordering_key = $1 and state = 'pending'
      order by seq
      limit 1`,
    [orderingKey],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    payload: row.payload,
    attempts: row.attempts,
    firstAttemptAt: row.first_attempt_at,
    due: row.due,
    nextAttemptAt: row.next_attempt_at,
  };
}

export async function isEndpointDisabled(client: PoolClient, urlHash: string): Promise<boolean> {
  const { rows } = await client.query(
    "select 1 from public.webhook_endpoints where url_hash = $1 and disabled_at is not null",
    [urlHash],
  );
  return rows.length > 0;
}

export async function disableEndpoint(client: PoolClient, urlHash: string, displayUrl: string, reason: string) {
  await client.query(
    `insert into public.webhook_endpoints (url_hash, display_url, disabled_at, disabled_reason, updated_at)
     values ($1, $2, now(), $3, now())
     on conflict (url_hash) do update set disabled_at = now(), disabled_reason = $3, display_url = $2, updated_at = now()`,
    [urlHash, displayUrl, reason],
  );
}

/**
 * Logs one HTTP attempt. Attempts are numbered over the event's whole life: an admin's retry
 * resets the event's `attempts` (its backoff restarts) but the log keeps counting, so it reads
 * first to last and no two attempts share a number.
 */
export async function insertAttempt(
  client: PoolClient,
  attempt: {
    eventId: string;
    startedAt: Date;
    durationMs: number;
    statusCode: number | null;
    error: string | null;
    responseExcerpt: string | null;
    nextAttemptAt: Date | null;
  },
) {
  await client.query(
    `insert into public.webhook_attempts
       (event_id, attempt, started_at, duration_ms, status_code, error, response_excerpt, next_attempt_at)
     select $1, coalesce(max(a.attempt), 0) + 1, $2, $3, $4, $5, $6, $7
       from public.webhook_attempts a
      where a.event_id = $1`,
    [
      attempt.eventId,
      attempt.startedAt,
      attempt.durationMs,
      attempt.statusCode,
      attempt.error,
      attempt.responseExcerpt,
      attempt.nextAttemptAt,
    ],
  );
}

export async function updateEventState(
  client: PoolClient,
  eventId: string,
  change: {
    state: TWebhookState;
    stateReason?: string | null;
    attempts?: number;
    firstAttemptAt?: Date | null;
    nextAttemptAt?: Date | null;
    lastStatusCode?: number | null;
    lastError?: string | null;
    delivered?: boolean;
  },
) {
  await client.query(
    `update public.webhook_events set
        state = $2,
        state_reason = $3,
        attempts = coalesce($4, attempts),
        first_attempt_at = coalesce(first_attempt_at, $5),
        next_attempt_at = coalesce($6, next_attempt_at),
        last_status_code = coalesce($7, last_status_code),
        last_error = coalesce($8, last_error),
        delivered_at = case when $9 then now() else delivered_at end,
        updated_at = now()
      where id = $1`,
    [
      eventId,
      change.state,
      change.stateReason ?? null,
      change.attempts ?? null,
      change.firstAttemptAt ?? null,
      change.nextAttemptAt ?? null,
      change.lastStatusCode ?? null,
      change.lastError ?? null,
      change.delivered ?? false,
    ],
  );
}

export async function wakeDelivery(client: PoolClient, orderingKey: string, runAt: Date) {
  await client.query("select public.wake_webhook_delivery($1, $2)", [orderingKey, runAt]);
}

/** Ordering keys with events due now: the sweep re-wakes them (e.g. after a worker was killed). */
export async function selectDueOrderingKeys(client: PoolClient, limit: number): Promise<string[]> {
  const { rows } = await client.query(
    `select ordering_key from public.webhook_events
      where state = 'pending' and next_attempt_at <= now()
      group by ordering_key
      order by min(seq)
      limit $1`,
    [limit],
  );
  return rows.map((row) => row.ordering_key as string);
}
