import "server-only";
import type { TNotificationType } from "@/lib/notification-values";
import type { TTicketEvent } from "@/server/events/ticket-events";

export type TAudience = "student" | "admins" | "assignee_or_admins" | "user";

/** What a student's email may carry: no priority, no admin's name, no internal note. */
export type TStudentEmailData = { subject: string; message?: string };
/** What an admin's email carries. */
export type TAdminEmailData = { subject: string; category: string; message?: string; studentEmail?: string | null };

export type TNotificationItem = {
  type: TNotificationType;
  audience: TAudience;
  userId?: string;
  /** With the recipient's id, the row's idempotency key: one per event, type and person. */
  key: string;
  data: TStudentEmailData | TAdminEmailData;
};

/**
 * Who is told what about one ticket event (issue 13). The database function expands each
 * audience into people and drops the actor and those who switched the type off; this decides
 * the rest. Internal notes, priority changes and attachments alone tell nobody.
 */
export function notificationsFor(event: TTicketEvent): TNotificationItem[] {
  const { ticket, actor } = event;
  const key = (type: TNotificationType) => `${event.historyId}:${type}`;
  const studentData = (message?: string): TStudentEmailData =>
    message === undefined ? { subject: ticket.subject } : { subject: ticket.subject, message };
  const adminData = (message?: string): TAdminEmailData => ({
    subject: ticket.subject,
    category: ticket.category,
    studentEmail: ticket.userEmail,
    ...(message === undefined ? {} : { message }),
  });
  switch (event.type) {
    case "created":
      return [
        { type: "request_received", audience: "student", key: key("request_received"), data: studentData() },
        { type: "new_request", audience: "admins", key: key("new_request"), data: adminData() },
      ];
    case "message_added":
      if (actor.role === "admin") {
        return [
          {
            type: "support_reply",
            audience: "student",
            key: key("support_reply"),
            data: studentData(event.message),
          },
        ];
      }
      if (actor.id === ticket.userId) {
        return [
          {
            type: "student_reply",
            audience: "assignee_or_admins",
            key: key("student_reply"),
            data: adminData(event.message),
          },
        ];
      }
      return [];
    case "status_changed":
      if (event.to === "resolved") {
        return [{ type: "request_resolved", audience: "student", key: key("request_resolved"), data: studentData() }];
      }
      if (event.to === "closed") {
        return [{ type: "request_closed", audience: "student", key: key("request_closed"), data: studentData() }];
      }
      return [];
    case "assigned":
      if (event.to === null || event.to === actor.id) return [];
      return [
        { type: "ticket_assigned", audience: "user", userId: event.to, key: key("ticket_assigned"), data: adminData() },
      ];
    case "sla_warning":
    case "sla_breached":
      // One per clock and due time: the history row is written once per alert (the job's alert table).
      return [{ type: event.type, audience: "assignee_or_admins", key: key(event.type), data: adminData() }];
    default:
      return [];
  }
}
