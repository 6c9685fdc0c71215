import "server-only";

// The tickets feature's public server entry for other features: the reply service, so a reply
// that arrives another way (by email: features/email-replies) goes through the same rules,
// history, webhooks, emails and live updates as one typed in the app.
export { addTicketMessage, type TAddedMessage } from "./service/add-ticket-message";
