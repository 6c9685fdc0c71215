import { z } from "zod";
import type { TWebhookState } from "@/server/db/schema";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "./event-types";

// Inputs of the admin delivery log. Messages are i18n keys under `validation.*`.
export const WEBHOOK_LOG_PAGE_SIZE = 20;

/** Every type the log can be filtered on: the ticket events and the test event. */
export const WEBHOOK_LOG_TYPES = [...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE] as const;
export type TWebhookLogType = (typeof WEBHOOK_LOG_TYPES)[number];

/** The webhook_state enum's values, written here so client components need not import the Drizzle schema. */
const STATES = { pending: true, delivered: true, failed: true, skipped: true } as const satisfies Record<
  TWebhookState,
  true
>;
export const WEBHOOK_LOG_STATES = Object.keys(STATES) as [TWebhookState, ...TWebhookState[]];

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
