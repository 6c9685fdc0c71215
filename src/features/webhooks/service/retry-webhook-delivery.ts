import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import type { TWebhookRetryResult } from "../dto";
import { requeueDeliveries, selectDelivery } from "../repository";
import { ZWebhookEventId } from "../schemas";
import { assertAdmin } from "./assert-admin";

/**
 * "Réessayer": puts one failed or skipped event back in the queue with its attempts reset
 * (same event_id, so a scenario that de-duplicates still recognises it). An event that is
 * pending or delivered is left alone and reported as not retried.
 */
export async function retryWebhookDelivery(user: TSessionUser, eventId: string): Promise<TWebhookRetryResult> {
  assertAdmin(user);
  const input = parseInput(ZWebhookEventId, { eventId });
  return withUser(user.id, async (tx) => {
    const retried = (await requeueDeliveries(tx, [input.eventId])) > 0;
    const delivery = await selectDelivery(tx, input.eventId);
    if (!delivery) throw new AppError("NOT_FOUND");
    return { retried, delivery };
  });
}
