import "server-only";
import type { PoolClient } from "pg";
import { displayEndpoint, endpointHash, type TWebhookConfig } from "../config";
import { MAX_PAYLOAD_BYTES } from "../event-types";
import { DEFAULT_RETRY_DELAYS_MS, DEFAULT_RETRY_WINDOW_MS, nextRetryDelayMs } from "../retry-schedule";
import { sendWebhook } from "../send";
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
  config: TWebhookConfig;
  retryDelaysMs?: readonly number[];
  retryWindowMs?: number;
  log?: (line: string) => void;
};

type TStep = "next" | "stop";

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
  await client.query("set role service_role");
  await client.query("set lock_timeout = '30s'");
  try {
    await client.query("select pg_advisory_lock(hashtextextended($1, 7))", [`webhooks:${orderingKey}`]);
    try {
      for (;;) {
        const event = await selectNextPendingEvent(client, orderingKey);
        if (!event) return;
        if (!event.due) {
          await wakeDelivery(client, orderingKey, event.nextAttemptAt);
          return;
        }
        if ((await deliverOne(client, orderingKey, event, options)) === "stop") return;
      }
    } finally {
      await client.query("select pg_advisory_unlock(hashtextextended($1, 7))", [`webhooks:${orderingKey}`]);
    }
  } finally {
    await client.query("reset lock_timeout; reset role");
  }
}

async function deliverOne(
  client: PoolClient,
  orderingKey: string,
  event: TQueuedEvent,
  options: TDeliveryOptions,
): Promise<TStep> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const endpoint = config.endpointUrl;
  if (!endpoint) {
    await updateEventState(client, event.id, { state: "skipped", stateReason: "no_endpoint" });
    return "next";
  }
  const hash = endpointHash(endpoint);
  if (await isEndpointDisabled(client, hash)) {
    await updateEventState(client, event.id, { state: "skipped", stateReason: "endpoint_disabled" });
    return "next";
  }
  const body = JSON.stringify(event.payload);
  const size = Buffer.byteLength(body);
  if (size > MAX_PAYLOAD_BYTES) {
    const reason = `payload is ${size} bytes, over Make's 5 MB limit`;
    log(`[webhooks] event ${event.id} not sent: ${reason}`);
    await updateEventState(client, event.id, { state: "failed", stateReason: "too_large", lastError: reason });
    return "next";
  }

  const startedAt = new Date();
  const outcome = await sendWebhook(config, endpoint, { id: event.id, body });
  const durationMs = Date.now() - startedAt.getTime();
  const attempt = event.attempts + 1;
  const firstAttemptAt = event.firstAttemptAt ?? startedAt;
  const record = (nextAttemptAt: Date | null) =>
    insertAttempt(client, {
      eventId: event.id,
      startedAt,
      durationMs,
      statusCode: outcome.statusCode,
      error: outcome.kind === "delivered" ? null : outcome.error,
      responseExcerpt: outcome.responseExcerpt || null,
      nextAttemptAt,
    });

  switch (outcome.kind) {
    case "delivered":
      await record(null);
      await updateEventState(client, event.id, {
        state: "delivered",
        attempts: attempt,
        firstAttemptAt,
        lastStatusCode: outcome.statusCode,
        delivered: true,
      });
      return "next";
    case "gone":
      await record(null);
      await disableEndpoint(client, hash, displayEndpoint(endpoint), "gone");
      log("[webhooks] the endpoint answered 410 Gone: it is disabled until an admin enables it again");
      await updateEventState(client, event.id, {
        state: "failed",
        stateReason: "endpoint_gone",
        attempts: attempt,
        firstAttemptAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
      });
      return "next";
    case "failed":
      await record(null);
      await updateEventState(client, event.id, {
        state: "failed",
        stateReason: "http_status",
        attempts: attempt,
        firstAttemptAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
      });
      return "next";
    case "retry": {
      const window = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
      const delay = nextRetryDelayMs(attempt, {
        delaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
        retryAfterMs: outcome.retryAfterMs,
      });
      const nextAttemptAt = new Date(Date.now() + delay);
      if (nextAttemptAt.getTime() - firstAttemptAt.getTime() > window) {
        await record(null);
        await updateEventState(client, event.id, {
          state: "failed",
          stateReason: "gave_up",
          attempts: attempt,
          firstAttemptAt,
          lastStatusCode: outcome.statusCode,
          lastError: outcome.error,
        });
        return "next";
      }
      await record(nextAttemptAt);
      await updateEventState(client, event.id, {
        state: "pending",
        attempts: attempt,
        firstAttemptAt,
        nextAttemptAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
      });
      await wakeDelivery(client, orderingKey, nextAttemptAt);
      return "stop";
    }
  }
}
