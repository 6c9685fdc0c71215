import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { endpointHash, webhookConfig } from "../config";
import type { TWebhookEnableResult } from "../dto";
import { enableEndpoint } from "../repository";
import { assertAdmin } from "./assert-admin";

/**
 * "Réactiver": clears the disabled mark a 410 Gone left on the configured endpoint. Events
 * skipped meanwhile stay skipped until an admin retries them ("Réessayer tous les échecs").
 */
export async function enableWebhookEndpoint(user: TSessionUser): Promise<TWebhookEnableResult> {
  assertAdmin(user);
  const { endpointUrl } = webhookConfig();
  if (!endpointUrl) throw new AppError("NOT_FOUND");
  return withUser(user.id, async (tx) => ({ enabled: await enableEndpoint(tx, endpointHash(endpointUrl)) }));
}
