/** Ticket event types sent to Make.com (docs/webhooks.md). Each can be switched off by configuration. */
export const WEBHOOK_EVENT_TYPES = [
  "ticket.created",
  "ticket.status_changed",
  "ticket.priority_changed",
  "ticket.assigned",
  "ticket.message_added",
  "ticket.sla_breached",
  "ticket.rated",
  "ticket.tag_added",
  "ticket.tag_removed",
  "ticket.merged",
] as const;
export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by the "send a test event" button; always enabled. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Make.com refuses bodies over 5 MB. */
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
