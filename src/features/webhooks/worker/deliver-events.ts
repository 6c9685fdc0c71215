import "server-only";
import type { PoolClient } from "pg";
import type { TWebhookState } from "@/server/db/schema";
import { asServiceRole } from "@/server/db/service-role";
import { displayEndpoint, endpointHash, loadWebhookConfig, type TWebhookConfig } from "../config";
import { MAX_PAYLOAD_BYTES } from "../event-types";
import { DEFAULT_RETRY_DELAYS_MS, DEFAULT_RETRY_WINDOW_MS, nextRetryDelayMs } from "../retry-schedule";
import { sendWebhook, type TSendOutcome } from "../send";
import {
  disableEndpoint,
  insertAttempt,
  isEndpointDisabled,
  selectNextPendingEvent,
  type TQueuedEvent,
  updateEventState,
  wakeDelivery,
} from "../worker-repository";

export type TDeliveryOptions = {
  /** Unset: read at the start of each job (environment, then app_settings). */
  config?: TWebhookConfig;
  retryDelaysMs?: readonly number[];
  retryWindowMs?: number;
  log?: (line: string) => void;
  /** True once the worker is stopping: finish the attempt in progress, leave the rest queued. */
  isStopping?: () => boolean;
};

type TStep = "next" | "stop";

/** What became of one event: refused before sending, or what the endpoint answered. */
type TOutcomeKind =
  | "no_endpoint"
  | "endpoint_disabled"
  | "too_large"
  | "delivered"
  | "gone"
  | "failed"
  | "retry"
  | "gave_up";

type TTransition = {
  state: TWebhookState;
  stateReason: string | null;
  /** "stop": the ticket's later events wait behind this one (per-ticket order). */
  step: TStep;
  disablesEndpoint?: boolean;
};

/** Each outcome's state transition: the one place that says what an answer means for the event. */
const TRANSITIONS = {
  no_endpoint: { state: "skipped", stateReason: "no_endpoint", step: "next" },
  endpoint_disabled: { state: "skipped", stateReason: "endpoint_disabled", step: "next" },
  too_large: { state: "failed", stateReason: "too_large", step: "next" },
  delivered: { state: "delivered", stateReason: null, step: "next" },
  gone: { state: "failed", stateReason: "endpoint_gone", step: "next", disablesEndpoint: true },
  failed: { state: "failed", stateReason: "http_status", step: "next" },
  gave_up: { state: "failed", stateReason: "gave_up", step: "next" },
  retry: { state: "pending", stateReason: null, step: "stop" },
} as const satisfies Record<TOutcomeKind, TTransition>;

/**
 * Delivers the pending events of one ordering key (a ticket, or "system") in order.
 * A session advisory lock makes sure only one worker at a time works on a key, so two
 * workers never send the same event concurrently; it dies with the connection, so a killed
 * worker blocks nobody. An event waiting for a retry holds back the later events of its
 * ticket (per-ticket order); every outcome is committed before the next event is sent.
 */
export async function deliverPendingEvents(
  client: PoolClient,
  orderingKey: string,
  options: TDeliveryOptions,
): Promise<void> {
  await asServiceRole(
    client,
    async () => {
      await client.query("set lock_timeout = '30s'");
      try {
        await client.query("select pg_advisory_lock(hashtextextended($1, 7))", [`webhooks:${orderingKey}`]);
        try {
          const config = options.config ?? (await loadWebhookConfig(client));
          for (;;) {
            const event = await selectNextPendingEvent(client, orderingKey);
            if (!event) return;
            if (!event.due) {
              await wakeDelivery(client, orderingKey, event.nextAttemptAt);
              return;
            }
            if ((await deliverOne(client, orderingKey, event, { ...options, config })) === "stop") return;
            if (options.isStopping?.()) {
              // A fresh job for the rest, left queued for the next worker (bounded shutdown).
              await wakeDelivery(client, orderingKey, new Date());
              return;
            }
          }
        } finally {
          await client.query("select pg_advisory_unlock(hashtextextended($1, 7))", [`webhooks:${orderingKey}`]);
        }
      } finally {
        await client.query("reset lock_timeout");
      }
    },
    "session",
  );
}

/** Why an event is not sent at all, or null when it may go. */
async function refusalOf(
  client: PoolClient,
  endpoint: string | null,
  size: number,
): Promise<"no_endpoint" | "endpoint_disabled" | "too_large" | null> {
  if (!endpoint) return "no_endpoint";
  if (await isEndpointDisabled(client, endpointHash(endpoint))) return "endpoint_disabled";
  if (size > MAX_PAYLOAD_BYTES) return "too_large";
  return null;
}

async function deliverOne(
  client: PoolClient,
  orderingKey: string,
  event: TQueuedEvent,
  options: TDeliveryOptions & { config: TWebhookConfig },
): Promise<TStep> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const endpoint = config.endpointUrl;
  const body = JSON.stringify(event.payload);
  const size = Buffer.byteLength(body);

  const refusal = await refusalOf(client, endpoint, size);
  if (refusal || !endpoint) {
    const kind = refusal ?? "no_endpoint";
    const transition: TTransition = TRANSITIONS[kind];
    let lastError: string | undefined;
    if (kind === "too_large") {
      lastError = `payload is ${size} bytes, over Make's 5 MB limit`;
      log(`[webhooks] event ${event.id} not sent: ${lastError}`);
    }
    await updateEventState(client, event.id, {
      state: transition.state,
      stateReason: transition.stateReason,
      lastError,
    });
    return transition.step;
  }

  const startedAt = new Date();
  const sent = await sendWebhook(config, endpoint, { id: event.id, body });
  const durationMs = Date.now() - startedAt.getTime();
  const attempt = event.attempts + 1;
  const firstAttemptAt = event.firstAttemptAt ?? startedAt;
  const nextAttemptAt = sent.kind === "retry" ? retryTime(sent, attempt, firstAttemptAt, options) : null;
  const kind: TOutcomeKind = sent.kind === "retry" && !nextAttemptAt ? "gave_up" : sent.kind;
  const transition: TTransition = TRANSITIONS[kind];

  await insertAttempt(client, {
    eventId: event.id,
    startedAt,
    durationMs,
    statusCode: sent.statusCode,
    error: sent.kind === "delivered" ? null : sent.error,
    responseExcerpt: sent.responseExcerpt || null,
    nextAttemptAt,
  });
  if (transition.disablesEndpoint) {
    await disableEndpoint(client, endpointHash(endpoint), displayEndpoint(endpoint), "gone");
    log("[webhooks] the endpoint answered 410 Gone: it is disabled until an admin enables it again");
  }
  await updateEventState(client, event.id, {
    state: transition.state,
    stateReason: transition.stateReason,
    attempts: attempt,
    firstAttemptAt,
    nextAttemptAt,
    lastStatusCode: sent.statusCode,
    lastError: sent.kind === "delivered" ? null : sent.error,
    delivered: transition.state === "delivered",
  });
  if (nextAttemptAt) await wakeDelivery(client, orderingKey, nextAttemptAt);
  return transition.step;
}

/** When to try again after a temporary failure, or null when that would pass the retry window (give up). */
function retryTime(
  sent: Extract<TSendOutcome, { kind: "retry" }>,
  attempt: number,
  firstAttemptAt: Date,
  options: TDeliveryOptions,
): Date | null {
  const window = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const delay = nextRetryDelayMs(attempt, {
    delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    retryAfterMs: sent.retryAfterMs,
  });
  const at = new Date(Date.now() + delay);
  return at.getTime() - firstAttemptAt.getTime() > window ? null : at;
}
