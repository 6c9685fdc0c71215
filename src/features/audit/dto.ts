import type { TAuditDetail, TAuditEventType } from "@/lib/audit-values";

/** One audit event as the admin page shows it: names of the people, never their passwords or text. */
export type TAuditEventItem = {
  id: string;
  type: TAuditEventType;
  createdAt: string;
  actor: { id: string; name: string; email: string } | null;
  target: { id: string; name: string; email: string } | null;
  ip: string | null;
  detail: TAuditDetail;
};

export type TAuditEventPage = { items: TAuditEventItem[]; nextCursor: string | null };
