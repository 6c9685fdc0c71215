import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { loadWebhookConfig } from "../config";
import type { TWebhookRetryResult } from "../dto";
import { requeueDeliveries, selectDelivery } from "../repository";

/**
 * "Réessayer": puts one failed or skipped event back in the queue with its attempts reset
 * (same event_id, so a scenario that de-duplicates still recognises it). An event that is
 * pending or delivered is left alone and reported as not retried, and so is every event while
 * no endpoint is configured (it would only be skipped again: issue 17).
 */
export async function retryWebhookDelivery(user: TSessionUser, eventId: string): Promise<TWebhookRetryResult> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const { endpointUrl } = await loadWebhookConfig(tx);
    const retried = endpointUrl !== null && (await requeueDeliveries(tx, [eventId])) > 0;
    const delivery = await selectDelivery(tx, eventId);
    if (!delivery) throw new AppError("NOT_FOUND");
    return { retried, delivery };
  });
}
