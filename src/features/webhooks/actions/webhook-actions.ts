"use server";

import { adminActionClient, toValidationError, ZNoInput } from "@/server/actions/action-clients";
import { ZUpdateWebhookSettingsInput, ZWebhookDeliveriesQuery, ZWebhookEventId } from "../schemas";
import { enableWebhookEndpoint } from "../service/enable-webhook-endpoint";
import { listWebhookDeliveries } from "../service/list-webhook-deliveries";
import { retryAllFailedWebhooks } from "../service/retry-all-failed-webhooks";
import { retryWebhookDelivery } from "../service/retry-webhook-delivery";
import { sendTestWebhookEvent } from "../service/send-test-webhook-event";
import { updateWebhookSettings } from "../service/update-webhook-settings";

// What the delivery log calls from the browser (issue 5). Admins only; each service checks again
// and runs under RLS.
const shape = { handleValidationErrorsShape: toValidationError };

export const listWebhookDeliveriesAction = adminActionClient
  .inputSchema(ZWebhookDeliveriesQuery, shape)
  .action(({ ctx, parsedInput }) => listWebhookDeliveries(ctx.user, parsedInput));

export const retryWebhookDeliveryAction = adminActionClient
  .inputSchema(ZWebhookEventId, shape)
  .action(({ ctx, parsedInput }) => retryWebhookDelivery(ctx.user, parsedInput.eventId));

export const retryAllFailedWebhooksAction = adminActionClient
  .inputSchema(ZNoInput, shape)
  .action(({ ctx }) => retryAllFailedWebhooks(ctx.user));

export const sendTestWebhookEventAction = adminActionClient
  .inputSchema(ZNoInput, shape)
  .action(({ ctx }) => sendTestWebhookEvent(ctx.user));

export const enableWebhookEndpointAction = adminActionClient
  .inputSchema(ZNoInput, shape)
  .action(({ ctx }) => enableWebhookEndpoint(ctx.user));

export const updateWebhookSettingsAction = adminActionClient
  .inputSchema(ZUpdateWebhookSettingsInput, shape)
  .action(({ ctx, parsedInput }) => updateWebhookSettings(ctx.user, parsedInput));
