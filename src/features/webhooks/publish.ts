import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/server/db/with-user";
import { webhookConfig } from "./config";
import type { TEST_EVENT_TYPE, TWebhookEventType } from "./event-types";

type TPublishable = TWebhookEventType | typeof TEST_EVENT_TYPE;

/** Whether an event of this kind would be recorded at all (so callers can skip building its payload). */
export function shouldPublish(type: TPublishable, options: { isInternal?: boolean } = {}): boolean {
  const config = webhookConfig();
  if (!config.enabledTypes.has(type)) return false;
  return !(options.isInternal && !config.includeInternal);
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
  if (!shouldPublish(type, options)) return null;
  const hasEndpoint = webhookConfig().endpointUrl !== null;
  const result = await tx.execute<{ id: string }>(sql`
    select public.enqueue_webhook_event(
      ${type}, ${ticketId}::uuid, ${JSON.stringify(data)}::jsonb,
      ${hasEndpoint ? "pending" : "skipped"}::public.webhook_state,
      ${hasEndpoint ? null : "no_endpoint"}
    ) as id
  `);
  return result.rows[0]?.id ?? null;
}
