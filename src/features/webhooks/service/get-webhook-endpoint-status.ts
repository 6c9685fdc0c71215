import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { displayEndpoint, endpointHash, loadWebhookConfig } from "../config";
import type { TWebhookEndpointStatus } from "../dto";
import { countRecentDeliveries, selectEndpointHealth } from "../repository";

const RECENT_DAYS = 7;
const RECENT_COUNT_CAP = 1000;

/**
 * The endpoint as admins may see it: configured or not, its host and last characters
 * (never the full URL, which lets anyone post to the scenario), whether a 410 Gone disabled
 * it, which options are on (never their values), and what is waiting or failed this week.
 */
export async function getWebhookEndpointStatus(user: TSessionUser): Promise<TWebhookEndpointStatus> {
  assertRole(user, "admin");
  const since = new Date(Date.now() - RECENT_DAYS * 24 * 3_600_000);
  return withUser(user, async (tx) => {
    const config = await loadWebhookConfig(tx);
    const health = config.endpointUrl ? await selectEndpointHealth(tx, endpointHash(config.endpointUrl)) : null;
    const counts = await countRecentDeliveries(tx, since, RECENT_COUNT_CAP);
    return {
      configured: config.endpointUrl !== null,
      displayUrl: config.endpointUrl ? displayEndpoint(config.endpointUrl) : null,
      disabledAt: health?.disabledAt ?? null,
      disabledReason: health?.disabledReason ?? null,
      signed: config.signingSecret !== null,
      apiKey: config.apiKey !== null,
      enabledTypes: [...config.enabledTypes],
      includeInternal: config.includeInternal,
      recent: {
        since,
        pending: { value: counts.pending, cap: RECENT_COUNT_CAP },
        failed: { value: counts.failed, cap: RECENT_COUNT_CAP },
      },
    };
  });
}
