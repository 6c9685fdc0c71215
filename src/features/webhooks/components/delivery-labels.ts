import type { TWebhookLogType } from "../schemas";

// Message keys (under `webhooks.types`) of the event types: message keys cannot contain dots.
const TYPE_LABEL_KEYS = {
  "ticket.created": "created",
  "ticket.status_changed": "statusChanged",
  "ticket.priority_changed": "priorityChanged",
  "ticket.assigned": "assigned",
  "ticket.message_added": "messageAdded",
  "ticket.sla_breached": "slaBreached",
  "ticket.rated": "rated",
  "ticket.tag_added": "tagAdded",
  "ticket.tag_removed": "tagRemoved",
  "ticket.merged": "merged",
  "webhook.test": "test",
} as const satisfies Record<TWebhookLogType, string>;

export type TTypeLabelKey = (typeof TYPE_LABEL_KEYS)[TWebhookLogType];

/** The label key of a known type; null for a type this version does not know (shown as is). */
export function typeLabelKey(type: string): TTypeLabelKey | null {
  return (TYPE_LABEL_KEYS as Record<string, TTypeLabelKey>)[type] ?? null;
}

/** The first 8 characters of an event id: enough to tell deliveries apart on screen. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
