import "server-only";

// The notifications feature's public server entry: its subscriber to ticket changes (the tickets
// feature runs it in each change's transaction), and what the inbound side of email
// (features/email-replies) needs: who a reply token names, the closed-request answer, and what a
// delivery report to an email's bounce address does. Its worker jobs have their own entry,
// ./worker-jobs.ts, for src/worker only.
export { bounceTokenOfAddress } from "./bounce-token";
export { replyTokenOfAddress } from "./reply-token";
export {
  recordDeliveryReport,
  type TDeliveryReportResult,
  type TReportedRecipient,
} from "./service/delivery-reports";
export {
  enqueueClosedRequestAnswer,
  resolveReplyToken,
  type TReplyTarget,
  type TReplyTargetResult,
} from "./service/reply-addresses";
export { emailTicketChangeConsumer } from "./ticket-change-consumer";
