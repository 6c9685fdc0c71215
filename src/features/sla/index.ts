import "server-only";

export { getSlaDetails } from "./service/get-sla-details";
// The SLA feature's public server entry (docs/sla.md): its subscriber to ticket changes (the
// tickets feature runs it in each change's transaction) and the admin ticket page's summary.
// Its worker jobs have their own entry, ./worker-jobs.ts, for src/worker only.
export { slaTicketChangeConsumer } from "./ticket-change-consumer";
