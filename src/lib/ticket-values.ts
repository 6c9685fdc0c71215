// The one list of each ticket enum and of the input limits. Client-safe on purpose (no zod, no
// Drizzle): the pg enums (src/server/db/schema), the stored ranks, the status machine, the zod
// schemas and the forms are all built from these, so adding a value is one edit here plus a
// migration.

/** In the flow's order: open → in_progress → resolved → closed. The order is the status rank. */
export const TICKET_STATUSES = ["open", "in_progress", "resolved", "closed"] as const;
export type TTicketStatus = (typeof TICKET_STATUSES)[number];

/** From least to most pressing. The order is the priority rank. */
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type TTicketPriority = (typeof TICKET_PRIORITIES)[number];

/** The kinds of line in a ticket's history (the plan's section 1.1). */
export const TICKET_EVENT_TYPES = [
  "created",
  "status_changed",
  "priority_changed",
  "assigned",
  "message_added",
  "internal_note_added",
  "attachment_added",
  // The SLA escalation job (docs/sla.md): a clock is about to be late, a clock is late. Admins only.
  "sla_warning",
  "sla_breached",
  /** The student rated a resolution (issue 16, migration 0026). */
  "rated",
  // Queue tools (issue 15, migration 0028): admin-only lines, never shown to students.
  "tag_added",
  "tag_removed",
  "merged_into",
  "merged_from",
] as const;
export type TTicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/**
 * 1-based position in the list, as the generated columns status_rank and priority_rank store it
 * (migration 0013): smallint comparisons can be index conditions under RLS, enum ones cannot.
 */
export function ticketStatusRank(status: TTicketStatus): number {
  return TICKET_STATUSES.indexOf(status) + 1;
}

export function ticketPriorityRank(priority: TTicketPriority): number {
  return TICKET_PRIORITIES.indexOf(priority) + 1;
}

// Text limits count characters after trimming (plan section 4.2); the database's check
// constraints hold the same numbers.
export const SUBJECT_MIN = 5;
export const SUBJECT_MAX = 200;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5000;
export const MESSAGE_MAX = 5000;
export const REASON_MAX = 500;
export const SEARCH_MAX = 200;
/** Category slugs are also the foreign key of tickets. */
export const CATEGORY_SLUG_MIN = 2;
export const CATEGORY_SLUG_MAX = 64;
export const CATEGORY_LABEL_MIN = 2;
export const CATEGORY_LABEL_MAX = 80;

/** Tags (admin-only labels, migration 0028): their name's length after trimming. */
export const TAG_NAME_MIN = 1;
export const TAG_NAME_MAX = 40;
/** At most this many tags in one list filter. */
export const TAG_FILTER_MAX = 5;
/** Saved views (migration 0028): the name's length after trimming. */
export const VIEW_NAME_MIN = 1;
export const VIEW_NAME_MAX = 60;
/** At most this many tickets in one bulk action (a page is 20; "all on this page" after a few "load more"). */
export const BULK_MAX = 100;
