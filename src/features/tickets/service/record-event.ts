import "server-only";
import { publishWebhookEvent, shouldPublish } from "@/features/webhooks/publish";
import type { TSessionUser } from "@/server/auth/session";
import type { TTx } from "@/server/db/with-user";
import { insertTicketEvent, selectWebhookTicketContext, type TNewTicketEvent } from "../repository";

type TWebhookTicket = NonNullable<Awaited<ReturnType<typeof selectWebhookTicketContext>>>;

type TEventExtras = {
  message?: string;
  isInternal?: boolean;
  attachmentCount?: number;
  /** The ticket as the caller already knows it (saves a query); read from the database otherwise. */
  ticket?: TWebhookTicket;
};

/**
 * Writes one history row and its webhook event (outbox + job), in the caller's transaction:
 * a change never commits without its history and its webhook, and a rolled-back change
 * leaves neither. Field names of the webhook data are documented in docs/webhooks.md.
 */
export async function recordTicketEvent(
  tx: TTx,
  actor: TSessionUser,
  event: Omit<TNewTicketEvent, "actorId">,
  extras: TEventExtras = {},
) {
  const row = await insertTicketEvent(tx, { ...event, actorId: actor.id });
  const webhookType = WEBHOOK_TYPE_OF[event.type];
  if (!webhookType || !shouldPublish(webhookType, { isInternal: extras.isInternal })) return row;

  const ticket = extras.ticket ?? (await selectWebhookTicketContext(tx, event.ticketId));
  if (!ticket) return row;
  const timestamp = new Date().toISOString();
  const base = { ticket_id: ticket.id, ticket_number: ticket.number };
  const changedBy = { changed_by: actor.id, changed_by_role: actor.role, timestamp };
  const student = { user_id: ticket.userId, user_email: ticket.userEmail };

  let data: Record<string, unknown>;
  switch (webhookType) {
    case "ticket.created":
      data = {
        ...base,
        ...student,
        subject: ticket.subject,
        category: ticket.category,
        priority: ticket.priority,
        status: ticket.status,
        appointment_id: ticket.appointmentId,
        order_id: ticket.orderId,
        created_at: ticket.createdAt.toISOString(),
      };
      break;
    case "ticket.status_changed":
      data = {
        ...base,
        ...student,
        old_status: event.fromValue ?? null,
        new_status: event.toValue ?? null,
        reason: event.reason ?? null,
        ...changedBy,
      };
      break;
    case "ticket.priority_changed":
      data = {
        ...base,
        ...student,
        old_priority: event.fromValue ?? null,
        new_priority: event.toValue ?? null,
        ...changedBy,
      };
      break;
    case "ticket.assigned":
      data = {
        ...base,
        ...student,
        old_assignee_id: event.fromValue ?? null,
        new_assignee_id: event.toValue ?? null,
        ...changedBy,
      };
      break;
    case "ticket.message_added":
      data = {
        ...base,
        message_id: event.messageId ?? null,
        user_id: actor.id,
        user_email: actor.email,
        sender_role: actor.role,
        student_id: ticket.userId,
        student_email: ticket.userEmail,
        message: extras.message ?? "",
        is_internal: extras.isInternal ?? false,
        attachment_count: extras.attachmentCount ?? 0,
        timestamp,
      };
      break;
  }
  await publishWebhookEvent(tx, webhookType, ticket.id, data, { isInternal: extras.isInternal });
  return row;
}

const WEBHOOK_TYPE_OF = {
  created: "ticket.created",
  status_changed: "ticket.status_changed",
  priority_changed: "ticket.priority_changed",
  assigned: "ticket.assigned",
  message_added: "ticket.message_added",
  internal_note_added: "ticket.message_added",
  attachment_added: null,
} as const;
