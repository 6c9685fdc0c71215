import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";

/** What a student sees of a ticket in a list: no priority, no assignee identity, by construction. */
export type TStudentTicketListItem = {
  id: string;
  number: number;
  subject: string;
  category: string;
  status: TTicketStatus;
  isAssigned: boolean;
  createdAt: Date;
  updatedAt: Date;
  unread: boolean;
};

export type TAdminTicketListItem = {
  id: string;
  number: number;
  subject: string;
  category: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  studentName: string;
  assigneeName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type TCategory = { slug: string; labelFr: string; labelEn: string; isActive: boolean; sortOrder: number };

export type TStatusCounts = Record<TTicketStatus, number>;
