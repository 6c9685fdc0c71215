import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TWebhookTestEventResult } from "../dto";
import { TEST_EVENT_TYPE } from "../event-types";
import { publishWebhookEvent } from "../publish";
import { selectDelivery } from "../repository";

/**
 * "Envoyer un événement de test": a webhook.test event, not tied to a ticket, through the
 * same outbox as real events (so it shows whether the endpoint, the API key and the
 * signature work). Without an endpoint it is recorded as "not sent: no endpoint".
 */
export async function sendTestWebhookEvent(user: TSessionUser): Promise<TWebhookTestEventResult> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const eventId = await publishWebhookEvent(tx, TEST_EVENT_TYPE, null, {
      message: "Événement de test envoyé depuis le journal des webhooks / Test event sent from the webhook log",
      sent_by_id: user.id,
      sent_by_name: `${user.firstName} ${user.lastName}`.trim(),
      sent_by_email: user.email,
      sent_at: new Date().toISOString(),
    });
    // The test type is always enabled: no id means the outbox refused it.
    if (!eventId) throw new AppError("INTERNAL");
    const delivery = await selectDelivery(tx, eventId);
    if (!delivery) throw new AppError("INTERNAL");
    return { eventId, state: delivery.state, stateReason: delivery.stateReason };
  });
}
