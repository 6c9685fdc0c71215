import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { WEBHOOK_STATES } from "../../../lib/webhook-values";
import { supportTickets } from "./tickets";

export const webhookState = pgEnum("webhook_state", WEBHOOK_STATES);
export { type TWebhookState, WEBHOOK_STATES } from "../../../lib/webhook-values";

/**
 * The transactional outbox: one row per event, written in the same transaction as the
 * ticket change (with its graphile-worker job), then delivered in order per ticket.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    /** The event_id Make.com receives; stable across retries. */
    id: uuid("id").primaryKey().defaultRandom(),
    seq: bigint("seq", { mode: "number" }).notNull().unique().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    ticketId: uuid("ticket_id").references(() => supportTickets.id, { onDelete: "set null" }),
    /** Events with the same key are delivered one at a time, in seq order ("ticket:<id>" or "system"). */
    orderingKey: text("ordering_key").notNull(),
    /** The exact JSON body sent: { event_id, type, timestamp, data }. */
    payload: jsonb("payload").notNull(),
    state: webhookState("state").notNull().default("pending"),
    /** Why it is failed/skipped: no_endpoint, endpoint_disabled, endpoint_gone, too_large, http_status, gave_up. */
    stateReason: text("state_reason"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    firstAttemptAt: timestamp("first_attempt_at", { withTimezone: true }),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_events_pending_idx").on(t.orderingKey, t.seq).where(sql`state = 'pending'`),
    index("webhook_events_created_at_idx").on(t.createdAt, t.id),
    index("webhook_events_state_created_at_idx").on(t.state, t.createdAt, t.id),
    index("webhook_events_type_created_at_idx").on(t.type, t.createdAt, t.id),
    index("webhook_events_ticket_id_idx").on(t.ticketId),
  ],
);

/** One row per HTTP attempt: what was answered, how long it took, what went wrong. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    responseExcerpt: text("response_excerpt"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  },
  (t) => [index("webhook_attempts_event_id_idx").on(t.eventId, t.attempt)],
);

/** Endpoint health, keyed by a hash of the URL (the URL itself is a secret and is never stored). */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  urlHash: text("url_hash").primaryKey(),
  displayUrl: text("display_url").notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  disabledReason: text("disabled_reason"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
