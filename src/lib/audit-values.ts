/**
 * Security events kept in the audit log (table audit_events, migration 0021). Client-safe: the
 * admin page filters on them and names them in both languages (`audit.types.<type>`).
 */
export const AUDIT_EVENT_TYPES = [
  "sign_in_succeeded",
  "sign_in_failed",
  "sign_in_locked",
  "signed_out",
  "account_created",
  "account_deactivated",
  "account_reactivated",
  "role_changed",
  "account_invited",
  "invitation_resent",
  "invitation_accepted",
  "password_reset_requested",
  "password_reset_completed",
  "password_reset_refused",
  "settings_changed",
  "attachment_downloaded",
] as const;
export type TAuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * What an event's `detail` may hold: ids, roles, names of settings, counts. Never a password,
 * a token, an email someone typed or any other text a user wrote.
 */
export type TAuditDetail = Record<string, string | number | boolean | null>;
