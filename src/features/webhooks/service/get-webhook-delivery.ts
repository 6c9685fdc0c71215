import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import type { TWebhookDeliveryDetails } from "../dto";
import { selectDeliveryAttempts, selectDeliveryWithPayload } from "../repository";
import { ZWebhookEventId } from "../schemas";
import { assertAdmin } from "./assert-admin";

/** One delivery with the exact JSON body it sends and every attempt (status, duration, error, next try). */
export async function getWebhookDelivery(user: TSessionUser, eventId: string): Promise<TWebhookDeliveryDetails> {
  assertAdmin(user);
  const input = parseInput(ZWebhookEventId, { eventId });
  return withUser(user.id, async (tx) => {
    const delivery = await selectDeliveryWithPayload(tx, input.eventId);
    if (!delivery) throw new AppError("NOT_FOUND");
    return { ...delivery, attempts: await selectDeliveryAttempts(tx, input.eventId) };
  });
}
