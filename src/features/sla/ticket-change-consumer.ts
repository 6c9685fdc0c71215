import "server-only";
import type { TSlaStep } from "@/lib/sla-clock";
import type { TTicketChangeConsumer, TTicketEvent } from "@/server/events/ticket-events";
import { moveSlaClock } from "./clock";

/** What a ticket event does to its SLA clock (docs/sla.md); null: nothing. */
export function slaStepOf(event: TTicketEvent): TSlaStep | null {
  switch (event.type) {
    case "created":
      return { kind: "created" };
    case "message_added":
      if (event.actor.role === "admin") return { kind: "team_reply" };
      if (event.actor.id === event.ticket.userId) return { kind: "student_message" };
      return null;
    case "status_changed":
      return { kind: "status_changed", from: event.from, to: event.to };
    case "priority_changed":
      return { kind: "policy_changed" };
    default:
      // Internal notes, attachments, assignment and the clock's own alerts do not move it.
      return null;
  }
}

/**
 * The SLA clock as a subscriber of ticket changes: each event that moves it is applied in the
 * change's transaction and stored on the ticket (due times, met/breached flags, pause), so a
 * change never commits without its clock. The time is the event's.
 */
export const slaTicketChangeConsumer: TTicketChangeConsumer = {
  name: "sla",
  async handle(tx, event) {
    const step = slaStepOf(event);
    if (step) await moveSlaClock(tx, event.ticket.id, step, event.occurredAt);
  },
};
