import "server-only";
import type { TTicketEvent, TTicketEventOf, TTicketEventType } from "@/server/events/ticket-events";
import type { TWebhookEventType } from "./event-types";

// The `data` of each webhook event type, built from the typed ticket event. Field names and
// their order are the contract documented in docs/webhooks.md (the JSON body is sent as built).

type TTicketFields = { ticket_id: string; ticket_number: number };

const ticketFields = (event: TTicketEvent): TTicketFields => ({
  ticket_id: event.ticket.id,
  ticket_number: event.ticket.number,
});

const studentFields = (event: TTicketEvent) => ({ user_id: event.ticket.userId, user_email: event.ticket.userEmail });

const changedBy = (event: TTicketEvent) => ({
  changed_by: event.actor.id,
  changed_by_role: event.actor.role,
  // Only for a change made by an auto-assignment rule (changed_by null, changed_by_role "rule").
  ...(event.actor.rule ? { changed_by_rule: { id: event.actor.rule.id, name: event.actor.rule.name } } : {}),
  timestamp: event.occurredAt.toISOString(),
});

function messageData(event: TTicketEventOf<"message_added" | "internal_note_added">) {
  return {
    ...ticketFields(event),
    message_id: event.messageId,
    user_id: event.actor.id,
    user_email: event.actor.email,
    sender_role: event.actor.role,
    student_id: event.ticket.userId,
    student_email: event.ticket.userEmail,
    message: event.message,
    is_internal: event.type === "internal_note_added",
    attachment_count: event.attachmentCount,
    timestamp: event.occurredAt.toISOString(),
  };
}

type TBuilder<K extends TTicketEventType> = {
  webhookType: TWebhookEventType;
  build: (event: TTicketEventOf<K>) => Record<string, unknown>;
};

/** Which ticket events become which webhook, and its data; attachment_added sends none. */
export const WEBHOOK_PAYLOADS: { [K in TTicketEventType]: TBuilder<K> | null } = {
  created: {
    webhookType: "ticket.created",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      subject: event.ticket.subject,
      category: event.ticket.category,
      priority: event.ticket.priority,
      status: event.ticket.status,
      appointment_id: event.ticket.appointmentId,
      order_id: event.ticket.orderId,
      created_at: event.ticket.createdAt.toISOString(),
    }),
  },
  status_changed: {
    webhookType: "ticket.status_changed",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      old_status: event.from,
      new_status: event.to,
      reason: event.reason,
      ...changedBy(event),
    }),
  },
  priority_changed: {
    webhookType: "ticket.priority_changed",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      old_priority: event.from,
      new_priority: event.to,
      ...changedBy(event),
    }),
  },
  assigned: {
    webhookType: "ticket.assigned",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      old_assignee_id: event.from,
      new_assignee_id: event.to,
      ...changedBy(event),
    }),
  },
  message_added: { webhookType: "ticket.message_added", build: messageData },
  internal_note_added: { webhookType: "ticket.message_added", build: messageData },
  attachment_added: null,
  // A warning is for the team only (email); the breach is the contract's event (docs/sla.md).
  sla_warning: null,
  sla_breached: {
    webhookType: "ticket.sla_breached",
    build: (event) => ({
      ...ticketFields(event),
      clock: event.clock,
      due_at: event.dueAt.toISOString(),
      priority: event.ticket.priority,
      category: event.ticket.category,
      status: event.ticket.status,
      assigned_to: event.ticket.assignedTo,
      timestamp: event.occurredAt.toISOString(),
    }),
  },
  rated: {
    webhookType: "ticket.rated",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      rating_id: event.ratingId,
      score: event.score,
      previous_score: event.previousScore,
      comment: event.comment,
      resolved_at: event.resolvedAt.toISOString(),
      timestamp: event.occurredAt.toISOString(),
    }),
  },
  tag_added: {
    webhookType: "ticket.tag_added",
    build: (event) => ({ ...ticketFields(event), tag_id: event.tag.id, tag_name: event.tag.name, ...changedBy(event) }),
  },
  tag_removed: {
    webhookType: "ticket.tag_removed",
    build: (event) => ({ ...ticketFields(event), tag_id: event.tag.id, tag_name: event.tag.name, ...changedBy(event) }),
  },
  // One webhook per merge, from the duplicate's side; the target's history line sends none.
  merged_into: {
    webhookType: "ticket.merged",
    build: (event) => ({
      ...ticketFields(event),
      ...studentFields(event),
      target_ticket_id: event.target.id,
      target_ticket_number: event.target.number,
      ...changedBy(event),
    }),
  },
  merged_from: null,
};

/** The webhook type and data for `event`, or null when it sends none. */
export function webhookPayloadOf(
  event: TTicketEvent,
): { type: TWebhookEventType; data: Record<string, unknown> } | null {
  const builder = WEBHOOK_PAYLOADS[event.type] as TBuilder<typeof event.type> | null;
  if (!builder) return null;
  return { type: builder.webhookType, data: builder.build(event) };
}
