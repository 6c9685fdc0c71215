import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { endpointHash, loadWebhookConfig } from "../config";
import type { TWebhookDeliveryDetails } from "../dto";
import { selectDeliveryAttempts, selectDeliveryWithPayload, selectEndpointHealth } from "../repository";

/** One delivery with the exact JSON body it sends and every attempt (status, duration, error, next try). */
export async function getWebhookDelivery(user: TSessionUser, eventId: string): Promise<TWebhookDeliveryDetails> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const delivery = await selectDeliveryWithPayload(tx, eventId);
    if (!delivery) throw new AppError("NOT_FOUND");
    const { endpointUrl } = await loadWebhookConfig(tx);
    const health = endpointUrl ? await selectEndpointHealth(tx, endpointHash(endpointUrl)) : null;
    const canSend = endpointUrl !== null && !health?.disabledAt;
    return { ...delivery, attempts: await selectDeliveryAttempts(tx, eventId), canSend };
  });
}
