import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import {
  SYSTEM_ACTOR,
  SYSTEM_ROLE,
  type TTicketEvent,
  type TTicketEventActor,
  type TTicketSnapshot,
} from "@/server/events/ticket-events";
import { assertUuid } from "@/server/validation";
import { findTicketState, insertTicketEvent, lockTicket, updateTicket } from "../repository";
import { ticketChangeConsumers } from "./ticket-change-consumers";

// The one way a ticket changes: lock → guard → update → history → typed event → consumers,
// all in the caller's transaction. Every change (status, priority, assignment, close, a
// student's reply that reopens) goes through applyTicketChange; the other events (created,
// message, internal note, attachment) through emitTicketEvent, so each consumer sees every
// event type, and a change that rolls back takes its history, outbox rows and every
// consumer's writes with it.

/** An event as the pipeline is given it: it adds the actor, the time and the history row. */
export type TTicketEventInput = TTicketEvent extends infer E
  ? E extends TTicketEvent
    ? Omit<E, "actor" | "occurredAt" | "historyId">
    : never
  : never;

/** The fields a change may set. */
export type TTicketPatch = Partial<{ status: TTicketStatus; priority: TTicketPriority; assignedTo: string | null }>;

/**
 * What the guard decided: "unchanged" (nothing written, no event), or the fields to set (an
 * empty `set` still moves updated_at and version). `publicActivity`: the student can see
 * something new (a public message) although no field they see changes.
 */
export type TTicketDecision = "unchanged" | { set: TTicketPatch; publicActivity?: boolean; reason?: string | null };

export type TAppliedTicketChange = {
  /** The ticket as it was locked, before the change. */
  before: TTicketSnapshot;
  /** The ticket after it (before when unchanged). */
  ticket: TTicketSnapshot;
  changed: boolean;
  version: number;
  updatedAt: Date | null;
  resolvedAt: Date | null;
  /** What the change did, as the events it emitted (none when unchanged). */
  events: TTicketEvent[];
};

/**
 * An auto-assignment rule acting in a ticket's creation transaction (issue 15): it runs as
 * service_role there (src/features/tickets/service/auto-assign.ts), and its history row names
 * the rule instead of a user.
 */
export type TRuleActor = { rule: { id: string; name: string } };

export { SYSTEM_ACTOR };
/** Who makes a change: the signed-in user, the system (a scheduled job on a service-role transaction), or a rule. */
export type TChangeActor = TSessionUser | typeof SYSTEM_ACTOR | TRuleActor;

const isRuleActor = (actor: TChangeActor): actor is TRuleActor => "rule" in actor;

const actorOf = (actor: TChangeActor): TTicketEventActor =>
  isRuleActor(actor)
    ? { id: null, email: null, role: "rule", rule: actor.rule }
    : actor.id === null
      ? SYSTEM_ACTOR
      : { id: actor.id, email: actor.email, role: actor.role };

/**
 * Loads and row-locks a ticket for a change by `user`, in one read of the row:
 * - NOT_FOUND when the user cannot see it (another student's ticket looks like no ticket);
 * - TICKET_CLOSED when a student acts on a closed ticket;
 * - CONFLICT when `expectedVersion` (the version the user was looking at) is stale, so two
 *   admins changing the same ticket never overwrite each other silently.
 * Only a refused lock reads the row again, to tell these apart.
 */
export async function lockTicketForChange(
  tx: TTx,
  user: TChangeActor,
  ticketId: string,
  expectedVersion?: number,
): Promise<TTicketSnapshot> {
  assertUuid(ticketId, "ticketId");
  const locked = await lockTicket(tx, ticketId);
  if (!locked) {
    // Not lockable: not visible, or (the UPDATE policy) a student's closed ticket, or taken
    // away while we waited for the lock.
    const visible = await findTicketState(tx, ticketId);
    if (!visible) throw new AppError("NOT_FOUND");
    throw new AppError(visible.status === "closed" ? "TICKET_CLOSED" : "CONFLICT");
  }
  if (!isRuleActor(user) && user.role !== "admin" && user.role !== SYSTEM_ROLE && locked.status === "closed") {
    throw new AppError("TICKET_CLOSED");
  }
  if (expectedVersion !== undefined && locked.version !== expectedVersion) throw new AppError("CONFLICT");
  return locked;
}

/** The history row of an event: the timeline's columns. */
function historyOf(event: TTicketEventInput) {
  switch (event.type) {
    case "created":
      return { toValue: event.ticket.status };
    case "status_changed":
      return { fromValue: event.from, toValue: event.to, reason: event.reason, messageId: event.messageId };
    case "priority_changed":
    case "assigned":
      return { fromValue: event.from, toValue: event.to };
    case "message_added":
    case "internal_note_added":
      return { messageId: event.messageId };
    case "attachment_added":
      return { toValue: event.fileName, messageId: event.messageId };
    case "sla_warning":
    case "sla_breached":
      return { fromValue: event.clock, toValue: event.dueAt.toISOString() };
    case "rated":
      return {
        fromValue: event.previousScore === null ? null : String(event.previousScore),
        toValue: String(event.score),
      };
    case "tag_added":
      return { toValue: event.tag.name };
    case "tag_removed":
      return { fromValue: event.tag.name };
    case "merged_into":
      return { toValue: String(event.target.number), messageId: event.messageId };
    case "merged_from":
      return { fromValue: String(event.source.number), messageId: event.messageId };
  }
}

/**
 * Writes an event's history row and hands the event to every consumer, in `tx`. A consumer
 * that throws rolls the whole change back with it.
 */
export async function emitTicketEvent(tx: TTx, user: TChangeActor, event: TTicketEventInput): Promise<TTicketEvent> {
  const history = await insertTicketEvent(tx, {
    ticketId: event.ticket.id,
    ...(isRuleActor(user) ? { actorId: null, ruleId: user.rule.id, ruleName: user.rule.name } : { actorId: user.id }),
    type: event.type,
    ...historyOf(event),
  });
  const full = { ...event, actor: actorOf(user), occurredAt: new Date(), historyId: history.id } as TTicketEvent;
  for (const consumer of ticketChangeConsumers()) await consumer.handle(tx, full);
  return full;
}

/**
 * The pipeline: locks the ticket (one read), lets `decide` (the business rule) refuse it or
 * say what to set, runs `beforeUpdate` under the lock (e.g. the message a reply adds, with
 * its own events), updates the row, and emits one event per field that changed.
 */
export async function applyTicketChange(
  tx: TTx,
  user: TChangeActor,
  request: {
    ticketId: string;
    expectedVersion?: number;
    decide: (ticket: TTicketSnapshot) => TTicketDecision;
    beforeUpdate?: (ticket: TTicketSnapshot) => Promise<{ messageId?: string | null } | undefined>;
  },
): Promise<TAppliedTicketChange> {
  const before = await lockTicketForChange(tx, user, request.ticketId, request.expectedVersion);
  const decision = request.decide(before);
  const done = await request.beforeUpdate?.(before);
  if (decision === "unchanged") {
    return {
      before,
      ticket: before,
      changed: false,
      version: before.version,
      updatedAt: null,
      resolvedAt: null,
      events: [],
    };
  }
  const { set } = decision;
  const updated = await updateTicket(tx, before.id, set, { publicActivity: decision.publicActivity });
  const ticket: TTicketSnapshot = {
    ...before,
    status: updated.status,
    priority: updated.priority,
    assignedTo: updated.assignedTo,
    version: updated.version,
  };

  const events: TTicketEvent[] = [];
  if (set.status !== undefined && set.status !== before.status) {
    events.push(
      await emitTicketEvent(tx, user, {
        type: "status_changed",
        ticket,
        from: before.status,
        to: set.status,
        reason: decision.reason ?? null,
        messageId: done?.messageId ?? null,
      }),
    );
  }
  if (set.priority !== undefined && set.priority !== before.priority) {
    events.push(
      await emitTicketEvent(tx, user, { type: "priority_changed", ticket, from: before.priority, to: set.priority }),
    );
  }
  if (set.assignedTo !== undefined && set.assignedTo !== before.assignedTo) {
    events.push(
      await emitTicketEvent(tx, user, { type: "assigned", ticket, from: before.assignedTo, to: set.assignedTo }),
    );
  }
  return {
    before,
    ticket,
    changed: true,
    version: updated.version,
    updatedAt: updated.updatedAt,
    resolvedAt: updated.resolvedAt,
    events,
  };
}
