// Account emails (issue 12): they go through the notifications outbox like the ticket emails
// (same worker, same Courriels log, kept when no SMTP relay is set) but are not preferences:
// nobody can switch them off, and they carry no unsubscribe link. Client-safe.
export const ACCOUNT_EMAIL_TYPES = ["account_invitation", "email_verification", "password_reset"] as const;
export type TAccountEmailType = (typeof ACCOUNT_EMAIL_TYPES)[number];

export function isAccountEmailType(value: unknown): value is TAccountEmailType {
  return typeof value === "string" && (ACCOUNT_EMAIL_TYPES as readonly string[]).includes(value);
}
