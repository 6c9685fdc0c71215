import "server-only";
import { sql } from "drizzle-orm";
import type { TTicketChangeConsumer } from "@/server/events/ticket-events";
import { emailConfig } from "./config";
import { notificationsFor } from "./recipients";

/**
 * Email and in-app notifications as a subscriber of ticket changes: the change's transaction
 * writes one job holding the event's items (app.enqueue_email_notifications, migration 0044),
 * so a change never commits without its notifications and a rolled-back change tells nobody;
 * the worker expands the job into each person's rows (worker/expand-notifications.ts), which
 * keeps the per-recipient rows out of the request (issue 13's write bench).
 */
export const emailTicketChangeConsumer: TTicketChangeConsumer = {
  name: "email",
  async handle(tx, event) {
    const items = notificationsFor(event);
    if (items.length === 0) return;
    await tx.execute(sql`
      select app.enqueue_email_notifications(
        ${event.ticket.id}::uuid, ${event.actor.id}::uuid, ${JSON.stringify(items)}::jsonb,
        ${emailConfig().coalesceSeconds}::integer
      )
    `);
  },
};
