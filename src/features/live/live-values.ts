import type { TTicketPriority, TTicketStatus } from "@/lib/ticket-values";

// What the live stream (/api/live) sends, shared by the server that writes it and the browser
// hooks that read it. Client-safe: no server import.

/** An admin's view of a ticket event: the ticket as it is now and who acted. */
export type TLiveAdminEvent = {
  audience: "admin";
  type: string;
  ticketId: string;
  number: number;
  status: TTicketStatus;
  priority: TTicketPriority;
  category: string;
  assignedTo: string | null;
  actorId: string | null;
  actorName: string;
};

/**
 * A student's view: only their own tickets' public events (a public message, a status change,
 * their own new ticket). No text, no names, no priority, no assignee: `fromYou` says whether
 * they made the change themselves.
 */
export type TLiveStudentEvent = {
  audience: "student";
  type: "created" | "message_added" | "status_changed";
  ticketId: string;
  status: TTicketStatus;
  fromYou: boolean;
};

export type TLiveTicketEvent = TLiveAdminEvent | TLiveStudentEvent;

/** Who else has an admin ticket page open, and whether they are typing a reply. */
export type TLivePresence = { ticketId: string; viewers: { id: string; name: string; typing: boolean }[] };

/** SSE event names on the stream. */
export const LIVE_EVENT_TICKET = "ticket";
export const LIVE_EVENT_PRESENCE = "presence";
export const LIVE_EVENT_RELOAD = "reload";
/** A new in-app notification for the stream's user: its id only (the bell reads it under RLS). */
export const LIVE_EVENT_NOTIFICATION = "notification";

export type TLiveNotification = { id: string };

/** Seconds between an open admin ticket page's presence pings; a viewer lapses after 2.5 of them. */
export const LIVE_PRESENCE_PING_SECONDS = 5;
export const LIVE_PRESENCE_TTL_SECONDS = 12;
/** A "typing" ping holds this long unless renewed. */
export const LIVE_TYPING_TTL_SECONDS = 6;
