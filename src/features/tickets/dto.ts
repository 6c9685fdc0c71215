import type { TErrorCode } from "@/lib/errors";
import { RATING_CHANGE_DAYS } from "@/lib/rating-values";
import type { TSlaDetails, TSlaSummary } from "@/lib/sla-values";
import type { TTicketEventType, TTicketPriority, TTicketStatus, TUserRole } from "@/server/db/schema";

// What leaves the server. Student shapes carry no priority, no assignee identity and no
// internal note by construction; admin shapes carry everything an admin may see.

export type TCategory = {
  slug: string;
  labelFr: string;
  labelEn: string;
  isActive: boolean;
  sortOrder: number;
  /** The request template (issue 15): what to include, shown to students who pick it. */
  promptFr: string;
  promptEn: string;
  /** The link every request in it must carry. */
  requiredLink: TRequiredLink | null;
};

export type TRequiredLink = "order" | "appointment";

/** A category's label in both languages, so a page shows it without fetching the categories. */
export type TCategoryLabel = { fr: string; en: string };

/** An admin-only label (never in a student shape). */
export type TTag = { id: string; name: string };
/** A tag on the tags page: how many requests carry it, counted up to a cap (`capped`: more). */
export type TTagUsage = TTag & { ticketCount: number; capped: boolean };

/** A saved view of the admin list (admins only). `search` is the list's address query ("?status=open&tag=…"). */
export type TSavedView = { id: string; name: string; isShared: boolean; isMine: boolean; search: string };

export type TStatusCounts = Record<TTicketStatus, number>;

export type TAppointmentOption = {
  id: string;
  courseTitle: string;
  tutorName: string | null;
  startsAt: Date;
  status: string;
};

export type TOrderOption = {
  id: string;
  description: string;
  totalCents: number;
  currency: string;
  status: string;
  createdAt: Date;
};

export type TStaffMember = { id: string; firstName: string; lastName: string; email: string };

export type TAttachmentItem = {
  id: string;
  messageId: string | null;
  fileName: string;
  fileType: string;
  fileSize: number;
  createdAt: Date;
  /** GET: access check, then a redirect to a short-lived signed link (attachment download). */
  downloadUrl: string;
  /** Images only: the same, shown inline (for <img src> or a preview); null for documents. */
  previewUrl: string | null;
};

export type TStudentTicketListItem = {
  id: string;
  number: number;
  subject: string;
  category: string;
  categoryLabel: TCategoryLabel;
  status: TTicketStatus;
  isAssigned: boolean;
  createdAt: Date;
  /** When something the student can see last changed (public_activity_at): never an internal note or a priority. */
  updatedAt: Date;
  messageCount: number;
  lastMessageAt: Date | null;
  unread: boolean;
};

export type TStudentTicketPage = {
  items: TStudentTicketListItem[];
  nextCursor: string | null;
  counts: TStatusCounts;
};

export type TStudentMessage = {
  id: string;
  /** "you" for the student's own messages, "support" for the team's: no admin names. */
  sender: "you" | "support";
  message: string;
  createdAt: Date;
  /** The number of the merged request it was written on, when it is not this one. */
  fromNumber: number | null;
};

export type TStudentTicketDetails = {
  id: string;
  number: number;
  subject: string;
  description: string;
  category: string;
  categoryLabel: TCategoryLabel;
  status: TTicketStatus;
  isAssigned: boolean;
  createdAt: Date;
  /** When something the student can see last changed (public_activity_at): never an internal note or a priority. */
  updatedAt: Date;
  resolvedAt: Date | null;
  /** A resolved ticket closes by itself then unless the student replies (issue 17); null otherwise. */
  autoCloseAt: Date | null;
  canReply: boolean;
  canClose: boolean;
  /** The satisfaction rating of the current resolution: whether it can be given or changed now, and the one given. */
  rating: { canRate: boolean; current: TTicketRating | null };
  appointment: TAppointmentOption | null;
  order: TOrderOption | null;
  messages: TStudentMessage[];
  attachments: TAttachmentItem[];
  /** The request this one was merged into (the conversation goes on there). */
  mergedInto: { id: string; number: number } | null;
};

export type TAdminTicketListItem = {
  id: string;
  number: number;
  subject: string;
  category: string;
  categoryLabel: TCategoryLabel;
  status: TTicketStatus;
  priority: TTicketPriority;
  student: { id: string; name: string; email: string };
  assignee: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
  messageCount: number;
  lastMessageAt: Date | null;
  unread: boolean;
  /** No public message yet on a ticket still waiting: nobody has answered the request. */
  isNewRequest: boolean;
  tags: TTag[];
  /** Admins only (students never see SLA): the earliest running due time, its clock, any breach. */
  sla: TSlaSummary;
  /** What a bulk action sends as expectedVersion: a ticket changed since is refused, not overwritten. */
  version: number;
  /** Where the search matched (a search list only): the field and the text around the words, marked. */
  searchHit?: TSearchHit | null;
};

/** Where an admin search matched a ticket (issue 17). */
export const SEARCH_HIT_WHERE = ["subject", "description", "message", "internal_note", "student"] as const;
export type TSnippetPiece = { text: string; marked: boolean };
export type TSearchHit = {
  where: (typeof SEARCH_HIT_WHERE)[number];
  /** The text around the match, cut into pieces; `marked` pieces are the words that matched. Null for a student match. */
  snippet: TSnippetPiece[] | null;
};

export type TAdminTicketPage = { items: TAdminTicketListItem[]; nextCursor: string | null };

export type TAdminMessage = {
  id: string;
  author: { id: string; name: string; role: TUserRole | null };
  message: string;
  isInternal: boolean;
  createdAt: Date;
  /** The number of the merged request it was written on, when it is not this one. */
  fromNumber: number | null;
};

export type TTicketHistoryItem = {
  id: string;
  type: TTicketEventType;
  fromValue: string | null;
  toValue: string | null;
  reason: string | null;
  messageId: string | null;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  /** The auto-assignment rule that made the change (its name then), when no user did. */
  ruleName: string | null;
};

export type TStudentCard = {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  locale: string;
  /** Null in host mode: the host's users have no creation date in the contract. */
  memberSince: Date | null;
  ticketCount: number;
  recentAppointments: TAppointmentOption[];
  recentOrders: TOrderOption[];
};

export type TAdminTicketDetails = {
  id: string;
  number: number;
  subject: string;
  description: string;
  category: string;
  categoryLabel: TCategoryLabel;
  status: TTicketStatus;
  priority: TTicketPriority;
  version: number;
  assignee: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  appointment: TAppointmentOption | null;
  order: TOrderOption | null;
  student: TStudentCard;
  messages: TAdminMessage[];
  attachments: TAttachmentItem[];
  history: TTicketHistoryItem[];
  /** The student's satisfaction ratings, one per resolution, newest first. */
  ratings: TTicketRating[];
  tags: TTag[];
  /** The request this one was merged into, if it was. */
  mergedInto: { id: string; number: number } | null;
  /** Requests merged into this one (their messages and files are in `messages` and `attachments`). */
  mergedFrom: { id: string; number: number; subject: string }[];
  /** The SLA clocks (admins only; students never see SLA). */
  sla: TSlaDetails | null;
  /** The student's other requests this one may be merged into (none once it is merged or closed). */
  mergeCandidates: { id: string; number: number; subject: string }[];
};

export type TAdminDashboard = {
  /** Each count stops at countCap + 1: show "countCap+" above countCap. */
  counts: { open: number; inProgress: number; unassigned: number; mine: number };
  /** Open or in progress (resolved and closed are done). */
  unresolved: number;
  /** Unresolved tickets by priority. */
  byPriority: Record<TTicketPriority, number>;
  countCap: number;
  /** Unresolved, assigned to the viewer, least recently updated first. */
  assignedToMe: TAdminTicketListItem[];
  /** Unresolved with no public message yet or the student's last, oldest first. */
  awaitingReply: TAdminTicketListItem[];
  /** The newest unresolved tickets. */
  recent: TAdminTicketListItem[];
};

/** A satisfaction rating of one resolution (issue 16): the same shape for its student and admins. */
export type TTicketRating = {
  id: string;
  score: number;
  comment: string | null;
  resolvedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Until when its student may change it. */
  changeableUntil: Date;
  /** Whether it can still be changed now. */
  changeable: boolean;
};

const RATING_CHANGE_MS = RATING_CHANGE_DAYS * 86_400_000;

export function toTicketRating(
  row: { id: string; score: number; comment: string | null; resolvedAt: Date; createdAt: Date; updatedAt: Date },
  now: Date,
): TTicketRating {
  const changeableUntil = new Date(row.createdAt.getTime() + RATING_CHANGE_MS);
  return {
    id: row.id,
    score: row.score,
    comment: row.comment,
    resolvedAt: row.resolvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    changeableUntil,
    changeable: now < changeableUntil,
  };
}
/** What happened to one ticket of a bulk action. */
export type TBulkOutcome = {
  ticketId: string;
  result: "done" | "unchanged" | "refused";
  /** Why it was refused: an error code, and for VALIDATION the message key under `validation`. */
  code?: TErrorCode;
  reasonKey?: string;
};

/**
 * A quick reply's context (issue 17): the thread's newest entry (a message, a note, or the
 * request itself when nobody wrote yet) and the id the reply sends as `seenUpTo`.
 */
export type TQuickReplyContext = {
  seenUpTo: string | "none";
  authorName: string;
  kind: "request" | "student" | "staff" | "note";
  text: string;
  createdAt: Date;
};
