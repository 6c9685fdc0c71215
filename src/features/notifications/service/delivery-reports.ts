import "server-only";
import { sql } from "drizzle-orm";
import { withServiceRole } from "@/server/db/with-user";
import { verifyBounceToken } from "../bounce-token";

// What the inbound side (features/email-replies) asks of the outbox when a delivery report
// (RFC 3464) comes back to an email's envelope sender, bounce+<token>@<inbound domain>: the
// signed token names the email's row (the report's own claims are never trusted for that), and
// a permanent failure for that row's recipient does what a 5xx at send does (send-emails.ts):
// the email is marked, the address suspended until an admin lifts it. Runs as service_role on
// exactly what the token names.

/** One recipient of a report, as the report's parser understood it (never its free text). */
export type TReportedRecipient = {
  /** Final-Recipient (or, when it is missing, Original-Recipient), lowercase; null when neither. */
  address: string | null;
  /** failed with a 5.x.x status; delayed or 4.x.x; anything else (delivered, relayed, unreadable). */
  kind: "permanent" | "transient" | "other";
  /** The enhanced status code, "5.1.1"; null when the report has none. */
  status: string | null;
  /** The SMTP reply code of the Diagnostic-Code, 550; null when none. */
  smtpCode: number | null;
};

export type TDeliveryReportResult =
  /** The email is bounced and its address suspended (or it was already). */
  | { outcome: "bounced"; notificationId: string; ticketId: string | null; userId: string; status: string }
  /** A report that changes nothing: delayed/transient, delivered, or for an email not (or no longer) sent. */
  | {
      outcome: "ignored";
      reason: "transient" | "not_failure" | "not_sent";
      notificationId: string;
      ticketId: string | null;
      userId: string;
      status: string | null;
    }
  /** Forged, altered, expired or unknown token; or no recipient of the report is the email's. */
  | {
      outcome: "refused";
      reason: "invalid" | "expired" | "unknown" | "recipient_mismatch";
      notificationId?: string;
      ticketId?: string | null;
      userId?: string;
    };

/**
 * How long after its email a report is believed. Relays give up on a message after 4–5 days
 * (Postfix's maximal_queue_lifetime and Sendmail's queuereturn 5 d, Exim's default retry rule
 * 4 d): twice that, and a stolen bounce address stops working soon after.
 */
export const BOUNCE_WINDOW_DAYS = 10;

/** "DSN 5.1.1 (SMTP 550)": codes only, never the report's text (it may quote private words). */
export function bounceDescription(status: string, smtpCode: number | null): string {
  return smtpCode === null ? `DSN ${status}` : `DSN ${status} (SMTP ${smtpCode})`;
}

/** The recipient of the report that is the email's recipient; a permanent failure first. */
function recipientOf(recipients: readonly TReportedRecipient[], email: string): TReportedRecipient | null {
  const mine = recipients.filter((r) => r.address !== null && r.address === email.toLowerCase());
  return mine.find((r) => r.kind === "permanent") ?? mine.find((r) => r.kind === "transient") ?? mine[0] ?? null;
}

/**
 * A delivery report for the email its bounce token names. Only a permanent failure (Action:
 * failed, Status 5.x.x) for that email's own recipient changes anything: the email's rows (the
 * row and the replies coalesced into it) become `bounced` with the status code, and the
 * address is suspended as after a 5xx at send (while it is still the user's address). Once:
 * a second report for the same email changes nothing more.
 */
export async function recordDeliveryReport(
  token: string,
  recipients: readonly TReportedRecipient[],
): Promise<TDeliveryReportResult> {
  const notificationId = await verifyBounceToken(token);
  if (!notificationId) return { outcome: "refused", reason: "invalid" };
  return withServiceRole(async (tx) => {
    const found = await tx.execute<{
      recipient_id: string;
      recipient_email: string;
      ticket_id: string | null;
      state: string;
      state_reason: string | null;
      expired: boolean;
    }>(sql`
      select n.recipient_id, n.recipient_email, n.ticket_id, n.state, n.state_reason,
             coalesce(n.sent_at, n.created_at) < now() - make_interval(days => ${BOUNCE_WINDOW_DAYS}::integer) as expired
        from public.email_notifications n
       where n.id = ${notificationId}::uuid
       for update
    `);
    const row = found.rows[0];
    if (!row) return { outcome: "refused", reason: "unknown" };
    const known = { notificationId, ticketId: row.ticket_id, userId: row.recipient_id };
    if (row.expired) return { outcome: "refused", reason: "expired", ...known };
    const recipient = recipientOf(recipients, row.recipient_email);
    if (!recipient) return { outcome: "refused", reason: "recipient_mismatch", ...known };
    if (recipient.kind === "transient")
      return { outcome: "ignored", reason: "transient", ...known, status: recipient.status };
    if (recipient.kind !== "permanent" || recipient.status === null) {
      return { outcome: "ignored", reason: "not_failure", ...known, status: recipient.status };
    }
    const status = recipient.status;
    if (row.state === "bounced") return { outcome: "bounced", ...known, status: row.state_reason ?? status };
    const description = bounceDescription(status, recipient.smtpCode);
    // The email's rows: itself (sent, or "interrupted": a worker died after the relay took it)
    // and the replies that left inside it (merged, sent_with = it).
    const updated = await tx.execute<{ id: string }>(sql`
      update public.email_notifications
         set state = 'bounced', state_reason = ${status}, last_error = ${description}, updated_at = now()
       where (id = ${notificationId}::uuid
              and (state = 'sent' or (state = 'failed' and state_reason = 'interrupted')))
          or (sent_with = ${notificationId}::uuid and state = 'merged'
              and exists (select 1 from public.email_notifications p
                           where p.id = ${notificationId}::uuid and p.state = 'sent'))
      returning id
    `);
    if (!updated.rows.some((r) => r.id === notificationId)) {
      return { outcome: "ignored", reason: "not_sent", ...known, status };
    }
    // As after a 5xx at send (send-emails.ts): nothing more to this address until an admin lifts
    // it. Not when the user's address has changed since: the new one has not failed.
    await tx.execute(sql`
      insert into public.email_suppressions (user_id, email, reason, notification_id)
      select n.recipient_id, n.recipient_email, ${description}, n.id
        from public.email_notifications n
        join users u on u.id = n.recipient_id and lower(u.email) = lower(n.recipient_email)
       where n.id = ${notificationId}::uuid
      on conflict (user_id) do update
        set email = excluded.email, reason = excluded.reason, notification_id = excluded.notification_id,
            created_at = now()
    `);
    return { outcome: "bounced", ...known, status };
  });
}
