import "server-only";
import type { TTicketChangeConsumer } from "@/server/events/ticket-events";
import { WEBHOOK_PAYLOADS, webhookPayloadOf } from "./payloads";
import { publishWebhookEvent, shouldPublish } from "./publish";

/**
 * Webhooks as a subscriber of ticket changes: each event that has a webhook type is written
 * to the outbox in the change's transaction (internal notes only when configured).
 */
export const webhookTicketChangeConsumer: TTicketChangeConsumer = {
  name: "webhooks",
  async handle(tx, event) {
    const builder = WEBHOOK_PAYLOADS[event.type];
    const isInternal = event.type === "internal_note_added";
    // Skips building the payload of a type that is switched off.
    if (!builder || !(await shouldPublish(tx, builder.webhookType, { isInternal }))) return;
    const payload = webhookPayloadOf(event);
    if (!payload) return;
    await publishWebhookEvent(tx, payload.type, event.ticket.id, payload.data, { isInternal });
  },
};
