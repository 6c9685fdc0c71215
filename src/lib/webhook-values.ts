/** Where an outbox event stands: the pg enum webhook_state is built from this list. */
export const WEBHOOK_STATES = ["pending", "delivered", "failed", "skipped"] as const;
export type TWebhookState = (typeof WEBHOOK_STATES)[number];
