import { type TTicketStatus, ticketStatusRank } from "@/lib/ticket-values";

export type TActorKind = "student" | "admin";

/**
 * The one status machine (plan section 10): open → in_progress → resolved → closed.
 * Admins may move a ticket to any other status (going back needs a reason, checked by
 * the service). Students may close a ticket that is not closed, and their reply on a
 * resolved ticket reopens it. The database trigger holds the same table
 * (public.ticket_status_transition_allowed); a test checks both agree.
 */
export function isTransitionAllowed(from: TTicketStatus, to: TTicketStatus, actor: TActorKind): boolean {
  if (from === to) return false;
  if (actor === "admin") return true;
  if (to === "closed") return from !== "closed";
  return from === "resolved" && to === "open";
}

/** Moving backwards in the flow (e.g. resolved → in_progress, closed → open). */
export function isBackwardTransition(from: TTicketStatus, to: TTicketStatus): boolean {
  return ticketStatusRank(to) < ticketStatusRank(from);
}
