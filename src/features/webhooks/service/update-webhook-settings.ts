import "server-only";
import { recordAuditEvent } from "@/server/audit/audit-log";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { sealSecret } from "@/server/security/secret-box";
import { displayEndpoint, SECRET_PURPOSES, webhookEnvLocks } from "../config";
import { WEBHOOK_EVENT_TYPES } from "../event-types";
import { updateStoredWebhookSettings } from "../repository";
import { type TUpdateWebhookSettingsInput, ZUpdateWebhookSettingsInput } from "../schemas";

/**
 * Saves the settings page's webhook card. Secrets are encrypted before they reach SQL; an
 * empty secret keeps the stored one, `clear` removes it. Fields an environment variable locks
 * are left as they are (the variable wins anyway). Every process reads the row again for its
 * next change or delivery job: nothing to restart. Audited with the names of what changed.
 */
export async function updateWebhookSettings(user: TSessionUser, input: TUpdateWebhookSettingsInput): Promise<void> {
  assertRole(user, "admin");
  const parsed = ZUpdateWebhookSettingsInput.parse(input);
  const locks = webhookEnvLocks();
  const patch: Parameters<typeof updateStoredWebhookSettings>[1] = {};
  const changed: string[] = [];

  if (!locks.endpointUrl && parsed.clear.includes("endpointUrl")) {
    patch.urlCipher = null;
    patch.urlHint = null;
    changed.push("endpoint_url");
  } else if (!locks.endpointUrl && parsed.endpointUrl !== "") {
    patch.urlCipher = await sealSecret(parsed.endpointUrl, SECRET_PURPOSES.endpointUrl);
    patch.urlHint = displayEndpoint(parsed.endpointUrl);
    changed.push("endpoint_url");
  }
  if (!locks.apiKey && parsed.clear.includes("apiKey")) {
    patch.apiKeyCipher = null;
    changed.push("api_key");
  } else if (!locks.apiKey && parsed.apiKey !== "") {
    patch.apiKeyCipher = await sealSecret(parsed.apiKey, SECRET_PURPOSES.apiKey);
    changed.push("api_key");
  }
  if (!locks.signingSecret && parsed.clear.includes("signingSecret")) {
    patch.signingSecretCipher = null;
    changed.push("signing_secret");
  } else if (!locks.signingSecret && parsed.signingSecret !== "") {
    patch.signingSecretCipher = await sealSecret(parsed.signingSecret, SECRET_PURPOSES.signingSecret);
    changed.push("signing_secret");
  }
  if (!locks.eventTypes) {
    const all = WEBHOOK_EVENT_TYPES.every((type) => parsed.eventTypes.includes(type));
    patch.eventTypes = all ? null : [...new Set(parsed.eventTypes)];
  }
  if (!locks.includeInternal) patch.includeInternal = parsed.includeInternal;

  await withUser(user, async (tx) => {
    await updateStoredWebhookSettings(tx, patch);
    await recordAuditEvent(tx, {
      type: "settings_changed",
      detail: { setting: "webhook", secrets: changed.join(",") || null },
    });
  });
}
