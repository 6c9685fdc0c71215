// Email notification types and delivery states (issue 13), shared by the migration's checks,
// the consumer's rules, the worker, the preferences page and the admin log. Client-safe.

/** What a student is told about their own request. */
export const STUDENT_NOTIFICATION_TYPES = [
  "request_received",
  "support_reply",
  "request_resolved",
  "request_closed",
] as const;

/** What an admin is told. */
export const ADMIN_NOTIFICATION_TYPES = [
  "new_request",
  "student_reply",
  "ticket_assigned",
  // The SLA escalation job (docs/sla.md): to the assignee, or every admin when unassigned.
  "sla_warning",
  "sla_breached",
] as const;

export const NOTIFICATION_TYPES = [...STUDENT_NOTIFICATION_TYPES, ...ADMIN_NOTIFICATION_TYPES] as const;
export type TNotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * Emails no one switches off, outside the preferences: the automatic answer to a reply sent by
 * email to a closed request (issue 13, "In").
 */
export const SYSTEM_EMAIL_TYPES = ["reply_closed"] as const;
export type TSystemEmailType = (typeof SYSTEM_EMAIL_TYPES)[number];

/** Every email the outbox holds: the notifications and the system emails. */
export const EMAIL_TYPES = [...NOTIFICATION_TYPES, ...SYSTEM_EMAIL_TYPES] as const;
export type TEmailType = (typeof EMAIL_TYPES)[number];

export function isEmailType(value: unknown): value is TEmailType {
  return typeof value === "string" && (EMAIL_TYPES as readonly string[]).includes(value);
}

/** Each type reaches its people by email and in the app (the bell), each with its own switch. */
export const NOTIFICATION_CHANNELS = ["email", "in_app"] as const;
export type TNotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Replies are coalesced per recipient and ticket over a short window; the others go at once. */
export const COALESCED_NOTIFICATION_TYPES: readonly TNotificationType[] = ["support_reply", "student_reply"];

/**
 * pending → sending → sent (or kept without SMTP); failed when refused (5xx), given up, or
 * interrupted mid-send (never re-sent automatically: it may have left); merged when another
 * row of the same recipient and ticket carried it in one email; sent (or merged) → bounced when
 * a delivery report says the recipient's server refused it for good (state_reason: "5.1.1").
 */
export const EMAIL_STATES = ["pending", "sending", "sent", "kept", "failed", "merged", "bounced"] as const;
export type TEmailState = (typeof EMAIL_STATES)[number];

export function isNotificationType(value: unknown): value is TNotificationType {
  return typeof value === "string" && (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

export function notificationTypesFor(role: string): readonly TNotificationType[] {
  if (role === "admin") return ADMIN_NOTIFICATION_TYPES;
  if (role === "student") return STUDENT_NOTIFICATION_TYPES;
  return [];
}

/** "5.1.1" → "addressing": the subject of an enhanced status code (RFC 3463), for the log's label. */
export const BOUNCE_CAUSES = [
  "other",
  "addressing",
  "mailbox",
  "mail_system",
  "network",
  "protocol",
  "content",
  "policy",
] as const;
export type TBounceCause = (typeof BOUNCE_CAUSES)[number];

export function bounceCauseOf(status: string): TBounceCause | null {
  const match = /^[245]\.(\d{1,3})\.\d{1,3}$/.exec(status);
  if (!match) return null;
  return BOUNCE_CAUSES[Number(match[1])] ?? "other";
}
