import "server-only";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { endpointHash, loadWebhookConfig } from "../config";
import type { TWebhookEnableResult } from "../dto";
import { enableEndpoint } from "../repository";

/**
 * "Réactiver": clears the disabled mark a 410 Gone left on the configured endpoint. Events
 * skipped meanwhile stay skipped until an admin retries them ("Réessayer tous les échecs").
 */
export async function enableWebhookEndpoint(user: TSessionUser): Promise<TWebhookEnableResult> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const { endpointUrl } = await loadWebhookConfig(tx);
    if (!endpointUrl) throw new AppError("NOT_FOUND");
    const enabled = await enableEndpoint(tx, endpointHash(endpointUrl));
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "webhook_endpoint", change: "enabled" },
    });
    return { enabled };
  });
}
