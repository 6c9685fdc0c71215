import "server-only";

// Replies by email (issue 13, "In"): a received email becomes its sender's message on the
// request its signed reply address names. Entry points: the SMTP listener (scripts, npm start),
// the provider webhook's route body, and the service both use.
export { handleInboundEmailWebhook } from "./handlers/inbound-webhook";
export { receiveInboundEmail, type TInboundOutcome, type TInboundResult } from "./service/receive-inbound-email";
export { startInboundSmtpServer, type TInboundSmtpServer } from "./smtp-listener";
