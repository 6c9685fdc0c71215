import "server-only";

// The webhooks feature's public server entry: its subscriber to ticket changes (the tickets
// feature runs it in each change's transaction) and its jobs for the worker (src/worker).
export { webhookTicketChangeConsumer } from "./ticket-change-consumer";
export { type TWebhookJobOptions, webhookWorkerJobs } from "./worker/tasks";
