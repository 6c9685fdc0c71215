import "server-only";
import { liveTicketChangeConsumer } from "@/features/live";
import { emailTicketChangeConsumer } from "@/features/notifications";
import { slaTicketChangeConsumer } from "@/features/sla";
import { webhookTicketChangeConsumer } from "@/features/webhooks";
import type { TTicketChangeConsumer } from "@/server/events/ticket-events";

/**
 * Who takes ticket events, in this order, in each change's transaction. A new subscriber
 * (email, live updates, SLA timers) is one line here, in its own feature.
 */
const consumers: TTicketChangeConsumer[] = [
  // First: the clock's columns are written before the others read the ticket.
  slaTicketChangeConsumer,
  webhookTicketChangeConsumer,
  emailTicketChangeConsumer,
  liveTicketChangeConsumer,
];

export function ticketChangeConsumers(): readonly TTicketChangeConsumer[] {
  return consumers;
}

/** Adds a consumer (tests, features wired at start); the returned function removes it. */
export function addTicketChangeConsumer(consumer: TTicketChangeConsumer): () => void {
  consumers.push(consumer);
  return () => {
    const index = consumers.indexOf(consumer);
    if (index >= 0) consumers.splice(index, 1);
  };
}

/**
 * Takes the consumer named `name` out until the returned function puts it back where it was
 * (benchmarks: ticket creation with email notifications next to without, in one process).
 */
export function suspendTicketChangeConsumer(name: string): () => void {
  const index = consumers.findIndex((consumer) => consumer.name === name);
  if (index < 0) throw new Error(`no ticket change consumer named ${name}`);
  const [consumer] = consumers.splice(index, 1);
  return () => {
    if (consumer && !consumers.includes(consumer)) consumers.splice(index, 0, consumer);
  };
}
