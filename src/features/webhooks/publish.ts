import "server-only";
import type { TTx } from "@/server/db/with-user";
import { publishSettings } from "./config";
import type { TEST_EVENT_TYPE, TWebhookEventType } from "./event-types";
import { enqueueWebhookEvent } from "./repository";

type TPublishable = TWebhookEventType | typeof TEST_EVENT_TYPE;

/** Whether an event of this kind would be recorded at all (so callers can skip building its payload). */
export async function shouldPublish(
  tx: TTx,
  type: TPublishable,
  options: { isInternal?: boolean } = {},
): Promise<boolean> {
  const settings = await publishSettings(tx);
  if (!settings.enabledTypes.has(type)) return false;
  return !(options.isInternal && !settings.includeInternal);
}

/**
 * Writes an event to the outbox in the caller's transaction (with its delivery job), so the
 * event commits with the change or not at all. Without an endpoint it is recorded as
 * skipped ("not sent: no endpoint"). Returns the event id, or null when not published.
 */
export async function publishWebhookEvent(
  tx: TTx,
  type: TPublishable,
  ticketId: string | null,
  data: Record<string, unknown>,
  options: { isInternal?: boolean } = {},
): Promise<string | null> {
  if (!(await shouldPublish(tx, type, options))) return null;
  const { hasEndpoint } = await publishSettings(tx);
  return enqueueWebhookEvent(tx, {
    type,
    ticketId,
    data,
    state: hasEndpoint ? "pending" : "skipped",
    stateReason: hasEndpoint ? null : "no_endpoint",
  });
}
