import type { TWebhookState } from "@/server/db/schema";
import type { TWebhookEventType } from "./event-types";

// What the admin delivery log sends to the browser. Never the endpoint URL (a secret):
// only displayEndpoint()'s host-and-tail form.

export type TWebhookDeliveryListItem = {
  /** The event_id Make.com receives (stable across retries). */
  id: string;
  type: string;
  ticketId: string | null;
  ticketNumber: number | null;
  state: TWebhookState;
  /** Why failed or skipped: no_endpoint, endpoint_disabled, endpoint_gone, too_large, http_status, gave_up. */
  stateReason: string | null;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** When the worker tries next: pending events only. */
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

export type TWebhookDeliveryPage = { items: TWebhookDeliveryListItem[]; nextCursor: string | null };

export type TWebhookAttemptItem = {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  nextAttemptAt: Date | null;
};

export type TWebhookDeliveryDetails = TWebhookDeliveryListItem & {
  /** The exact JSON body sent: { event_id, type, timestamp, data }. */
  payload: unknown;
  firstAttemptAt: Date | null;
  attempts: TWebhookAttemptItem[];
  /** An endpoint is configured and enabled now: a retry would really send (issue 17). */
  canSend: boolean;
};

export type TWebhookRetryResult = {
  /** False when the event was not failed or skipped any more (already queued, or delivered). */
  retried: boolean;
  delivery: TWebhookDeliveryListItem;
};

export type TWebhookRetryAllResult = { retried: number };

export type TWebhookTestEventResult = { eventId: string; state: TWebhookState; stateReason: string | null };

export type TWebhookRecentCount = {
  /** Exact up to `cap`; `cap + 1` means "more than cap" (counting a flood exactly is not worth a slow page). */
  value: number;
  cap: number;
};

export type TWebhookEndpointStatus = {
  configured: boolean;
  /** Scheme, host and the last characters of the path, e.g. https://hook.eu2.make.com/…a1b2. */
  displayUrl: string | null;
  /** Set when the endpoint answered 410 Gone: nothing is sent until an admin enables it again. */
  disabledAt: Date | null;
  disabledReason: string | null;
  signed: boolean;
  apiKey: boolean;
  enabledTypes: string[];
  includeInternal: boolean;
  /** Events created in the last 7 days that are waiting, or failed. */
  recent: { since: Date; pending: TWebhookRecentCount; failed: TWebhookRecentCount };
};

export type TWebhookEnableResult = { enabled: boolean };

/** A secret as the settings page shows it: whether it is set, and a hint, never its value. */
export type TWebhookSecretSetting = {
  /** Set by an environment variable: shown read-only. */
  locked: boolean;
  set: boolean;
  /** URL: scheme, host and last characters; keys: the last 4 characters. */
  hint: string | null;
  /** Stored, but it cannot be decrypted with the current key (enter it again). */
  unreadable: boolean;
};

export type TWebhookSettings = {
  endpointUrl: TWebhookSecretSetting;
  apiKey: TWebhookSecretSetting;
  signingSecret: TWebhookSecretSetting;
  eventTypes: { locked: boolean; value: TWebhookEventType[] };
  includeInternal: { locked: boolean; value: boolean };
  allEventTypes: readonly TWebhookEventType[];
};
