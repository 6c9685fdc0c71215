import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { loadWebhookConfig } from "../config";
import type { TWebhookRetryAllResult } from "../dto";
import { requeueDeliveries, selectLatestEventSeq, selectRetryableBatch, type TRetryWalkKey } from "../repository";

/** Events re-queued per transaction: short transactions, and the worker starts on the first batch at once. */
export const RETRY_BATCH_SIZE = 200;

/**
 * "Réessayer tous les échecs": every failed or skipped event that exists when the admin
 * clicks goes back in the queue, in batches of RETRY_BATCH_SIZE, each in its own transaction.
 * The walk moves forward on (created_at, id), so an event that fails again meanwhile is not
 * picked up twice, and events created after the click are not part of it.
 */
export async function retryAllFailedWebhooks(user: TSessionUser): Promise<TWebhookRetryAllResult> {
  assertRole(user, "admin");
  // Without an endpoint every one of them would only be skipped again (issue 17).
  const { upToSeq, hasEndpoint } = await withUser(user, async (tx) => ({
    upToSeq: await selectLatestEventSeq(tx),
    hasEndpoint: (await loadWebhookConfig(tx)).endpointUrl !== null,
  }));
  if (!hasEndpoint) return { retried: 0 };
  const seen = new Set<string>();
  let retried = 0;
  for (const state of ["failed", "skipped"] as const) {
    let after: TRetryWalkKey = null;
    for (;;) {
      const batch = await withUser(user, async (tx) => {
        const found = await selectRetryableBatch(tx, { state, upToSeq, after, limit: RETRY_BATCH_SIZE });
        // A failed event the worker skipped meanwhile (e.g. no endpoint) was already re-queued once.
        const fresh = found.ids.filter((id) => !seen.has(id));
        return { ...found, fresh, count: await requeueDeliveries(tx, fresh) };
      });
      for (const id of batch.fresh) seen.add(id);
      retried += batch.count;
      after = batch.last;
      if (batch.ids.length < RETRY_BATCH_SIZE) break;
    }
  }
  return { retried };
}
