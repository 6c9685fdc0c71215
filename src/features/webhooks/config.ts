import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { TSqlClient } from "@/server/db/service-role";
import type { TTx } from "@/server/db/with-user";
import { env } from "@/server/env";
import { getLogger } from "@/server/log";
import { openSecretOrNull } from "@/server/security/secret-box";
import { TEST_EVENT_TYPE, type TWebhookEventType, WEBHOOK_EVENT_TYPES } from "./event-types";

// Where the webhook settings come from (issue 17): each field is the environment variable when
// it is set (the deployment locks it; the settings page shows it read-only), otherwise what an
// admin saved in app_settings (secrets encrypted there). Nothing is cached across
// transactions: the worker reads the row for every delivery job and a ticket change once per
// transaction, so every process sees a saved change at once, however many run.

export type TWebhookConfig = {
  endpointUrl: string | null;
  apiKey: string | null;
  signingSecret: string | null;
  enabledTypes: ReadonlySet<string>;
  includeInternal: boolean;
  timeoutMs: number;
};

export type TWebhookSettingField = "endpointUrl" | "apiKey" | "signingSecret" | "eventTypes" | "includeInternal";

/** The purposes bound to each ciphertext (a value sealed for one column cannot open in another). */
export const SECRET_PURPOSES = {
  endpointUrl: "webhook_url",
  apiKey: "webhook_api_key",
  signingSecret: "webhook_signing_secret",
} as const;

/** What the environment sets, field by field (undefined: not set, the page decides). */
export function webhookEnvValues(): {
  endpointUrl?: string;
  apiKey?: string;
  signingSecret?: string;
  eventTypes?: string[];
  includeInternal?: boolean;
} {
  const config = env();
  const listed = config.MAKE_TICKET_WEBHOOK_EVENTS?.split(",")
    .map((type) => type.trim())
    .filter(Boolean);
  return {
    endpointUrl: config.MAKE_TICKET_WEBHOOK_URL ?? config.MAKE_BOOKING_WEBHOOK_URL ?? undefined,
    apiKey: config.MAKE_WEBHOOK_API_KEY || undefined,
    signingSecret: config.MAKE_WEBHOOK_SIGNING_SECRET || undefined,
    eventTypes: listed?.length ? listed : undefined,
    includeInternal: config.MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL,
  };
}

/** The fields the environment locks. */
export function webhookEnvLocks(): Record<TWebhookSettingField, boolean> {
  const values = webhookEnvValues();
  return {
    endpointUrl: values.endpointUrl !== undefined,
    apiKey: values.apiKey !== undefined,
    signingSecret: values.signingSecret !== undefined,
    eventTypes: values.eventTypes !== undefined,
    includeInternal: values.includeInternal !== undefined,
  };
}

const typesOf = (listed: readonly string[] | null | undefined): ReadonlySet<string> =>
  new Set<string>([...(listed?.length ? listed : WEBHOOK_EVENT_TYPES), TEST_EVENT_TYPE]);

/** The stored row as the worker and the admin page need it (ciphertexts still closed). */
export type TStoredWebhookSettings = {
  urlCipher: string | null;
  urlHint: string | null;
  apiKeyCipher: string | null;
  signingSecretCipher: string | null;
  eventTypes: string[] | null;
  includeInternal: boolean;
};

const STORED_SETTINGS_SQL = `select webhook_url_cipher, webhook_url_hint, webhook_api_key_cipher,
  webhook_signing_secret_cipher, webhook_event_types, webhook_include_internal
  from public.app_settings where id`;

type TStoredRow = {
  webhook_url_cipher: string | null;
  webhook_url_hint: string | null;
  webhook_api_key_cipher: string | null;
  webhook_signing_secret_cipher: string | null;
  webhook_event_types: string[] | null;
  webhook_include_internal: boolean;
};

function storedOf(row: TStoredRow | undefined): TStoredWebhookSettings {
  return {
    urlCipher: row?.webhook_url_cipher ?? null,
    urlHint: row?.webhook_url_hint ?? null,
    apiKeyCipher: row?.webhook_api_key_cipher ?? null,
    signingSecretCipher: row?.webhook_signing_secret_cipher ?? null,
    eventTypes: row?.webhook_event_types ?? null,
    includeInternal: row?.webhook_include_internal ?? false,
  };
}

/** The stored settings, read by an admin's transaction (RLS) or the worker (service_role). */
export async function readStoredWebhookSettings(source: TTx | TSqlClient): Promise<TStoredWebhookSettings> {
  if ("execute" in source) {
    const result = await source.execute<TStoredRow>(sql.raw(STORED_SETTINGS_SQL));
    return storedOf(result.rows[0]);
  }
  const result = await source.query<TStoredRow>(STORED_SETTINGS_SQL);
  return storedOf(result.rows[0]);
}

async function openStored(sealed: string | null, field: keyof typeof SECRET_PURPOSES): Promise<string | null> {
  const value = await openSecretOrNull(sealed, SECRET_PURPOSES[field]);
  if (sealed !== null && value === null) {
    getLogger().warn({ setting: field }, "a stored webhook secret cannot be decrypted with the current key: ignored");
  }
  return value;
}

/** The effective configuration: the environment's fields, the stored ones for the rest. */
export async function loadWebhookConfig(source: TTx | TSqlClient): Promise<TWebhookConfig> {
  const fromEnv = webhookEnvValues();
  const stored = await readStoredWebhookSettings(source);
  return {
    endpointUrl: fromEnv.endpointUrl ?? (await openStored(stored.urlCipher, "endpointUrl")),
    apiKey: fromEnv.apiKey ?? (await openStored(stored.apiKeyCipher, "apiKey")),
    signingSecret: fromEnv.signingSecret ?? (await openStored(stored.signingSecretCipher, "signingSecret")),
    enabledTypes: typesOf(fromEnv.eventTypes ?? stored.eventTypes),
    includeInternal: fromEnv.includeInternal ?? stored.includeInternal,
    timeoutMs: env().WEBHOOK_TIMEOUT_MS,
  };
}

/** What publishing needs, readable by whoever makes the change (no secret). */
export type TPublishSettings = { hasEndpoint: boolean; enabledTypes: ReadonlySet<string>; includeInternal: boolean };

const publishSettingsByTx = new WeakMap<TTx, Promise<TPublishSettings>>();

/** Read once per transaction (a reply that reopens emits several events). */
export function publishSettings(tx: TTx): Promise<TPublishSettings> {
  let pending = publishSettingsByTx.get(tx);
  if (!pending) {
    pending = readPublishSettings(tx);
    publishSettingsByTx.set(tx, pending);
  }
  return pending;
}

async function readPublishSettings(tx: TTx): Promise<TPublishSettings> {
  const fromEnv = webhookEnvValues();
  const result = await tx.execute<{ has_url: boolean; event_types: string[] | null; include_internal: boolean }>(
    sql`select has_url, event_types, include_internal from app.webhook_publish_settings()`,
  );
  const row = result.rows[0];
  return {
    hasEndpoint: fromEnv.endpointUrl !== undefined || row?.has_url === true,
    enabledTypes: typesOf(fromEnv.eventTypes ?? row?.event_types),
    includeInternal: fromEnv.includeInternal ?? row?.include_internal ?? false,
  };
}

export function isEventTypeEnabled(config: TWebhookConfig, type: TWebhookEventType | typeof TEST_EVENT_TYPE): boolean {
  return config.enabledTypes.has(type);
}

/** A Make.com webhook URL is a secret (anyone holding it can post): we keep only its hash… */
export function endpointHash(url: string): string {
  return createHash("sha256").update(url).digest("hex");
}

/** …and show admins the host and the last characters, enough to recognise it. */
export function displayEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    const tail = parsed.pathname.length > 4 ? parsed.pathname.slice(-4) : "";
    return `${parsed.protocol}//${parsed.host}/…${tail}`;
  } catch {
    return "…";
  }
}
