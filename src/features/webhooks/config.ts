import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/server/env";
import { TEST_EVENT_TYPE, type TWebhookEventType, WEBHOOK_EVENT_TYPES } from "./event-types";

export type TWebhookConfig = {
  endpointUrl: string | null;
  apiKey: string | null;
  signingSecret: string | null;
  enabledTypes: ReadonlySet<string>;
  includeInternal: boolean;
  timeoutMs: number;
};

export function webhookConfig(): TWebhookConfig {
  const config = env();
  const listed = config.MAKE_TICKET_WEBHOOK_EVENTS?.split(",")
    .map((type) => type.trim())
    .filter(Boolean);
  return {
    endpointUrl: config.MAKE_TICKET_WEBHOOK_URL ?? config.MAKE_BOOKING_WEBHOOK_URL ?? null,
    apiKey: config.MAKE_WEBHOOK_API_KEY || null,
    signingSecret: config.MAKE_WEBHOOK_SIGNING_SECRET || null,
    enabledTypes: new Set<string>([...(listed?.length ? listed : WEBHOOK_EVENT_TYPES), TEST_EVENT_TYPE]),
    includeInternal: config.MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
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
