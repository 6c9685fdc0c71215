import type { TTicketEventType, TTicketPriority, TTicketStatus, TUserRole } from "@/server/db/schema";

// What leaves the server. Student shapes carry no priority, no assignee identity and no
// internal note by construction; admin shapes carry everything an admin may see.

export type TCategory = { slug: string; labelFr: string; labelEn: string; isActive: boolean; sortOrder: number };

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
};

export type TStudentTicketDetails = {
  id: string;
  number: number;
  subject: string;
  description: string;
  category: string;
  status: TTicketStatus;
  isAssigned: boolean;
  createdAt: Date;
  /** When something the student can see last changed (public_activity_at): never an internal note or a priority. */
  updatedAt: Date;
  resolvedAt: Date | null;
  canReply: boolean;
  canClose: boolean;
  appointment: TAppointmentOption | null;
  order: TOrderOption | null;
  messages: TStudentMessage[];
  attachments: TAttachmentItem[];
};

export type TAdminTicketListItem = {
  id: string;
  number: number;
  subject: string;
  category: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  student: { id: string; name: string; email: string };
  assignee: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
  messageCount: number;
  lastMessageAt: Date | null;
  unread: boolean;
};

export type TAdminTicketPage = { items: TAdminTicketListItem[]; nextCursor: string | null };

export type TAdminMessage = {
  id: string;
  author: { id: string; name: string; role: TUserRole | null };
  message: string;
  isInternal: boolean;
  createdAt: Date;
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
};

export type TStudentCard = {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  locale: string;
  memberSince: Date;
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
};

export type TAdminDashboard = {
  /** Each count stops at countCap + 1: show "countCap+" above countCap. */
  counts: { open: number; inProgress: number; unassigned: number; mine: number };
  countCap: number;
  recent: TAdminTicketListItem[];
};
