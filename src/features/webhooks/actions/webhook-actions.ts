"use server";

import { z } from "zod";
import { defineAuthAction } from "@/server/actions/define-action";
import { ZWebhookDeliveriesQuery, ZWebhookEventId } from "../schemas";
import { enableWebhookEndpoint } from "../service/enable-webhook-endpoint";
import { getWebhookDelivery } from "../service/get-webhook-delivery";
import { getWebhookEndpointStatus } from "../service/get-webhook-endpoint-status";
import { listWebhookDeliveries } from "../service/list-webhook-deliveries";
import { retryAllFailedWebhooks } from "../service/retry-all-failed-webhooks";
import { retryWebhookDelivery } from "../service/retry-webhook-delivery";
import { sendTestWebhookEvent } from "../service/send-test-webhook-event";

// The delivery log (issue 5). Admins only; each service checks again and runs under RLS.
const admin = ["admin"] as const;
const ZNoInput = z.object({});

export const listWebhookDeliveriesAction = defineAuthAction(
  { schema: ZWebhookDeliveriesQuery, roles: admin },
  (user, input) => listWebhookDeliveries(user, input),
);

export const getWebhookDeliveryAction = defineAuthAction({ schema: ZWebhookEventId, roles: admin }, (user, input) =>
  getWebhookDelivery(user, input.eventId),
);

export const retryWebhookDeliveryAction = defineAuthAction({ schema: ZWebhookEventId, roles: admin }, (user, input) =>
  retryWebhookDelivery(user, input.eventId),
);

export const retryAllFailedWebhooksAction = defineAuthAction({ schema: ZNoInput, roles: admin }, (user) =>
  retryAllFailedWebhooks(user),
);

export const sendTestWebhookEventAction = defineAuthAction({ schema: ZNoInput, roles: admin }, (user) =>
  sendTestWebhookEvent(user),
);

export const getWebhookEndpointStatusAction = defineAuthAction({ schema: ZNoInput, roles: admin }, (user) =>
  getWebhookEndpointStatus(user),
);

export const enableWebhookEndpointAction = defineAuthAction({ schema: ZNoInput, roles: admin }, (user) =>
  enableWebhookEndpoint(user),
);
