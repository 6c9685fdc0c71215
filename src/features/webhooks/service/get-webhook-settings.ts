import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { openSecretOrNull } from "@/server/security/secret-box";
import {
  displayEndpoint,
  readStoredWebhookSettings,
  SECRET_PURPOSES,
  webhookEnvLocks,
  webhookEnvValues,
} from "../config";
import type { TWebhookSecretSetting, TWebhookSettings } from "../dto";
import { WEBHOOK_EVENT_TYPES } from "../event-types";

/** The last 4 characters of a key, when it is long enough that they give nothing away. */
const tailOf = (value: string) => (value.length >= 12 ? `…${value.slice(-4)}` : "…");

async function secretSetting(
  locked: boolean,
  envValue: string | undefined,
  sealed: string | null,
  purpose: string,
  hintOf: (value: string) => string,
  storedHint: string | null = null,
): Promise<TWebhookSecretSetting> {
  if (locked && envValue !== undefined) return { locked, set: true, hint: hintOf(envValue), unreadable: false };
  if (sealed === null) return { locked, set: false, hint: null, unreadable: false };
  const value = await openSecretOrNull(sealed, purpose);
  if (value === null) return { locked, set: true, hint: storedHint, unreadable: true };
  return { locked, set: true, hint: hintOf(value), unreadable: false };
}

/**
 * The settings page's webhook card: each field's source (environment = locked), whether the
 * secrets are set and a hint of each, never a secret's value.
 */
export async function getWebhookSettings(user: TSessionUser): Promise<TWebhookSettings> {
  assertRole(user, "admin");
  const locks = webhookEnvLocks();
  const fromEnv = webhookEnvValues();
  const stored = await withUser(user, (tx) => readStoredWebhookSettings(tx));
  return {
    endpointUrl: await secretSetting(
      locks.endpointUrl,
      fromEnv.endpointUrl,
      stored.urlCipher,
      SECRET_PURPOSES.endpointUrl,
      displayEndpoint,
      stored.urlHint,
    ),
    apiKey: await secretSetting(locks.apiKey, fromEnv.apiKey, stored.apiKeyCipher, SECRET_PURPOSES.apiKey, tailOf),
    signingSecret: await secretSetting(
      locks.signingSecret,
      fromEnv.signingSecret,
      stored.signingSecretCipher,
      SECRET_PURPOSES.signingSecret,
      tailOf,
    ),
    eventTypes: {
      locked: locks.eventTypes,
      value: WEBHOOK_EVENT_TYPES.filter((type) => (fromEnv.eventTypes ?? stored.eventTypes ?? [type]).includes(type)),
    },
    includeInternal: { locked: locks.includeInternal, value: fromEnv.includeInternal ?? stored.includeInternal },
    allEventTypes: WEBHOOK_EVENT_TYPES,
  };
}
