import { z } from "zod";
import { hasNoControlCharacter } from "@/lib/control-characters";
import { type TWebhookState, WEBHOOK_STATES } from "@/lib/webhook-values";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "./event-types";

// Inputs of the admin delivery log. Messages are i18n keys under `validation.*`.
export const WEBHOOK_LOG_PAGE_SIZE = 20;

/** Every type the log can be filtered on: the ticket events and the test event. */
export const WEBHOOK_LOG_TYPES = [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE] as const;
export type TWebhookLogType = (typeof WEBHOOK_LOG_TYPES)[number];

/** The webhook_state enum's values (client-safe: the list lives in src/lib). */
export const WEBHOOK_LOG_STATES = WEBHOOK_STATES;

const ZUuid = z.string().uuid({ message: "invalidId" });

export const ZWebhookLogType = z.enum(WEBHOOK_LOG_TYPES);
export const ZWebhookLogState = z.enum(WEBHOOK_LOG_STATES);

export const ZWebhookDeliveriesQuery = z.object({
  type: ZWebhookLogType.optional(),
  state: ZWebhookLogState.optional(),
  cursor: z.string().max(500).optional(),
});
export type TWebhookDeliveriesQuery = z.input<typeof ZWebhookDeliveriesQuery>;

export const ZWebhookEventId = z.object({ eventId: ZUuid });
export type TWebhookEventIdInput = z.input<typeof ZWebhookEventId>;

export type TWebhookLogFilters = { type?: TWebhookLogType; state?: TWebhookState };

/**
 * The log's filters from the page's query string (?type=…&state=…). A value that is not a
 * known type or state is dropped rather than refused, so an old bookmark still opens the log.
 */
export function webhookLogFiltersOf(searchParams: Record<string, string | string[] | undefined>): TWebhookLogFilters {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const type = ZWebhookLogType.safeParse(first(searchParams.type));
  const state = ZWebhookLogState.safeParse(first(searchParams.state));
  return {
    ...(type.success ? { type: type.data } : {}),
    ...(state.success ? { state: state.data } : {}),
  };
}

/**
 * The settings page's form (issue 17). A secret left empty keeps what is stored (it is never
 * sent back to the browser); `clear` lists the ones to remove. Fields the environment locks
 * are ignored by the service.
 */
export const ZUpdateWebhookSettingsInput = z.object({
  endpointUrl: z
    .string()
    .trim()
    .max(2000, { message: "webhookUrlInvalid" })
    .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), { message: "webhookUrlInvalid" })
    .refine((value) => value === "" || URL.canParse(value), { message: "webhookUrlInvalid" })
    .default(""),
  apiKey: z
    .string()
    .trim()
    .max(500, { message: "webhookApiKeyInvalid" })
    // A control character or a NUL in a key is a paste gone wrong (and PostgreSQL refuses NUL).
    .refine((value) => hasNoControlCharacter(value), { message: "webhookApiKeyInvalid" })
    .default(""),
  signingSecret: z
    .string()
    .trim()
    .max(500, { message: "webhookSecretInvalid" })
    .refine((value) => value === "" || /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(value), {
      message: "webhookSecretInvalid",
    })
    .default(""),
  clear: z
    .array(z.enum(["endpointUrl", "apiKey", "signingSecret"]))
    .max(3)
    .default([]),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, { message: "webhookTypesRequired" }).max(16),
  includeInternal: z.boolean(),
});
export type TUpdateWebhookSettingsInput = z.input<typeof ZUpdateWebhookSettingsInput>;
