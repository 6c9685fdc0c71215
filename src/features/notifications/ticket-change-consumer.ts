import "server-only";
import { sql } from "drizzle-orm";
import type { TTicketChangeConsumer } from "@/server/events/ticket-events";
import { emailConfig } from "./config";
import { notificationsFor } from "./recipients";

/**
 * Email as a subscriber of ticket changes: the event's notifications and their send jobs are
 * written in the change's transaction (app.enqueue_email_notifications, migration 0022), so a
 * change never commits without them and a rolled-back change sends nothing.
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
