import "server-only";
import type { TSlaClock } from "@/lib/sla-values";
import type { TTicketPriority, TTicketStatus, TUserRole } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";

// "A ticket changed": one typed event per change, emitted by the tickets feature's pipeline
// (applyTicketChange / emitTicketEvent) inside the change's own transaction, and taken by
// every consumer (webhooks today; email, live updates, SLA timers tomorrow). This module
// imports no feature, so a consumer depends on these types, never on tickets.

/** The ticket as it is after the change (the locked row, read once per change). */
export type TTicketSnapshot = {
  id: string;
  number: number;
  userId: string;
  /** The student's email (null only when the acting user cannot see it). */
  userEmail: string | null;
  subject: string;
  category: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  assignedTo: string | null;
  appointmentId: string | null;
  orderId: string | null;
  createdAt: Date;
  version: number;
};

/**
 * Who made the change: a signed-in user; the system itself (a scheduled job: SLA escalation,
 * automatic closing of resolved tickets); or an auto-assignment rule (issue 15), whose history
 * row names the rule. Neither of the last two has a user id or email.
 */
export type TTicketEventActor =
  | { id: string; email: string; role: TUserRole; rule?: undefined }
  | { id: null; email: null; role: typeof SYSTEM_ROLE; rule?: undefined }
  | { id: null; email: null; role: "rule"; rule: { id: string; name: string } };

export const SYSTEM_ROLE = "system";

/** The actor of changes no user made (scheduled jobs: SLA escalation, automatic closing). */
export const SYSTEM_ACTOR = { id: null, email: null, role: SYSTEM_ROLE } as const;

type TEventBase = {
  ticket: TTicketSnapshot;
  actor: TTicketEventActor;
  /** When the pipeline emitted it (the webhooks' `timestamp`). */
  occurredAt: Date;
  /** The ticket_events (history) row written for it. */
  historyId: string;
};

export type TTicketTagRef = { id: string; name: string };
export type TTicketRef = { id: string; number: number };

type TMessageEvent = { messageId: string; message: string; attachmentCount: number };

export type TTicketEvent = TEventBase &
  (
    | { type: "created" }
    | {
        type: "status_changed";
        from: TTicketStatus;
        to: TTicketStatus;
        reason: string | null;
        messageId: string | null;
      }
    | { type: "priority_changed"; from: TTicketPriority; to: TTicketPriority }
    | { type: "assigned"; from: string | null; to: string | null }
    | ({ type: "message_added" } & TMessageEvent)
    | ({ type: "internal_note_added" } & TMessageEvent)
    | { type: "attachment_added"; attachmentId: string; fileName: string; messageId: string | null }
    // The SLA escalation job (docs/sla.md): `clock` is due at `dueAt` (warning: soon; breached: passed).
    | { type: "sla_warning"; clock: TSlaClock; dueAt: Date }
    | { type: "sla_breached"; clock: TSlaClock; dueAt: Date }
    | {
        /** The student rated the ticket's current resolution (or changed their rating). */
        type: "rated";
        ratingId: string;
        score: number;
        /** The score before, when the rating was changed; null for a new rating. */
        previousScore: number | null;
        comment: string | null;
        /** The resolution rated (the ticket's resolved_at). */
        resolvedAt: Date;
      }
    // Admin-only changes (issue 15): a tag put on or taken off, and a merge, recorded on both
    // requests (the public note each got is `messageId`).
    | { type: "tag_added"; tag: TTicketTagRef }
    | { type: "tag_removed"; tag: TTicketTagRef }
    | { type: "merged_into"; target: TTicketRef; messageId: string }
    | { type: "merged_from"; source: TTicketRef; messageId: string }
  );

export type TTicketEventType = TTicketEvent["type"];

/** One event type's shape, e.g. TTicketEventOf<"assigned">. */
export type TTicketEventOf<K extends TTicketEventType> = Extract<TTicketEvent, { type: K }>;

/**
 * A subscriber to ticket changes. `handle` runs in the change's transaction (under the
 * acting user's RLS): what it writes commits with the change, and if it throws, the change
 * and everything written for it roll back.
 */
export type TTicketChangeConsumer = {
  name: string;
  handle: (tx: TTx, event: TTicketEvent) => Promise<void>;
};
