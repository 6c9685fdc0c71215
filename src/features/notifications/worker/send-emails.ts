import "server-only";
import type { PoolClient } from "pg";
import { isAccountEmailType, type TAccountEmailType } from "@/lib/account-email-values";
import { ADMIN_NOTIFICATION_TYPES, isEmailType, isNotificationType, type TEmailType } from "@/lib/notification-values";
import { asServiceRole } from "@/server/db/service-role";
import { bounceAddressFor } from "../bounce-token";
import { messageIdDomain, type TEmailConfig } from "../config";
import { renderNotificationEmail } from "../emails/renderer";
import { emailLocaleOf } from "../emails/strings";
import { replyAddressFor } from "../reply-token";
import { createUnsubscribeToken } from "../unsubscribe-token";
import { accountEmailContent, withoutLink } from "./account-emails";
import { classifySendFailure, smtpTransport } from "./transport";

export type TSendOptions = {
  config: TEmailConfig;
  /** Waits between attempts after a 4xx reply or a connection error (the last one repeats). */
  retryDelaysMs?: readonly number[];
  /** Attempts before a transient failure becomes permanent. */
  maxAttempts?: number;
  log?: (line: string) => void;
};

// 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h: greylisting usually clears in the first minutes,
// and 8 attempts cover a relay that is down for most of a working day.
const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];
const DEFAULT_MAX_ATTEMPTS = 8;

type TRow = {
  id: string;
  type: string;
  recipient_id: string;
  recipient_email: string;
  locale: string;
  ticket_id: string | null;
  ticket_number: number | null;
  data: {
    subject?: string;
    message?: string;
    category?: string;
    studentEmail?: string | null;
    // Account emails (account-emails.ts).
    invitationId?: string;
    expiresAt?: number;
    url?: string;
    /** reply_closed: the Message-ID of the email it answers. */
    inReplyTo?: string;
  };
  attempts: number;
  created_at: Date;
};

/** Where a ticket is, for its recipient; the sign-in page takes them there after sign-in. */
function ticketLink(config: TEmailConfig, localePrefix: string, type: string, ticketId: string | null, suffix = "") {
  const isAdmin = (ADMIN_NOTIFICATION_TYPES as readonly string[]).includes(type);
  const target = ticketId
    ? `/${isAdmin ? "admin" : "etudiant"}/demandes/${ticketId}${suffix}`
    : isAdmin
      ? "/admin"
      : "/etudiant";
  return `${config.appUrl}${localePrefix}/connexion?retour=${encodeURIComponent(target)}`;
}

/** Threading: every email of a request refers to the request's thread id; an answer also to the email it answers. */
function threadHeaders(threadId: string | null, answered: string | undefined) {
  const references = [threadId, answered].filter((id): id is string => typeof id === "string" && id.length > 0);
  if (references.length === 0) return {};
  return { inReplyTo: answered || threadId || undefined, references };
}

/** An account email (invitation, verification) or a ticket notification; anything else is a bug. */
function emailKindOf(
  type: string,
): { kind: "account"; type: TAccountEmailType } | { kind: "notification"; type: TEmailType } {
  if (isAccountEmailType(type)) return { kind: "account", type };
  if (isEmailType(type)) return { kind: "notification", type };
  throw new Error(`unknown email type ${type}`);
}

/**
 * Sends the due pending rows of one batch (one row, or every reply to one recipient on one
 * ticket) as one email. The rows move pending → sending in a committed claim before anything
 * is sent, so a second run of the job, or a retry of it, finds nothing to send: an email is
 * never sent twice. A worker killed after the claim leaves them "sending"; the sweep marks
 * them failed ("interrupted") rather than risk a second copy.
 */
export async function sendEmailBatch(client: PoolClient, batchKey: string, options: TSendOptions): Promise<void> {
  const { config } = options;
  const claimed = await asServiceRole(client, async () => {
    const result = await client.query<TRow>(
      `with picked as (
         select id from public.email_notifications
          where batch_key = $1 and state = 'pending' and next_attempt_at <= now()
          order by created_at, id
          for update skip locked
       )
       update public.email_notifications n
          set state = 'sending', claimed_at = now(), attempts = n.attempts + 1, updated_at = now()
         from picked where n.id = picked.id
       returning n.id, n.type, n.recipient_id, n.recipient_email, n.locale, n.ticket_id, n.ticket_number,
                 n.data, n.attempts, n.created_at`,
      [batchKey],
    );
    return result.rows;
  });
  if (claimed.length === 0) return;
  const rows = [...claimed].sort((a, b) => +a.created_at - +b.created_at || a.id.localeCompare(b.id));
  const primary = rows[0] as TRow;
  const last = rows[rows.length - 1] as TRow;
  const ids = rows.map((r) => r.id);
  const email = emailKindOf(primary.type);
  const accountType = email.kind === "account" ? email.type : null;
  const type = primary.type;
  // Not a notification a person can switch off: an account email, or an automatic answer.
  const system = !isNotificationType(type);

  // What stops the batch before anything is rendered, in one read: an account deactivated since
  // the notification was queued (the queueing leaves them out too: migration 0039; account
  // emails and automatic answers are not notifications), and an address the relay refused for
  // good (nothing more until an admin lifts it).
  const stop = await asServiceRole(client, async () => {
    const result = await client.query<{ deactivated: boolean; suppressed: string | null }>(
      `select exists (select 1 from users u where u.id = $1 and u.deactivated_at is not null) as deactivated,
              (select s.reason from public.email_suppressions s
                where s.user_id = $1 and lower(s.email) = lower($2)) as suppressed`,
      [primary.recipient_id, primary.recipient_email],
    );
    return result.rows[0];
  });
  const unsent = async (reason: "deactivated" | "suppressed", lastError: string | null, log: string) => {
    await asServiceRole(client, () =>
      client.query(
        `update public.email_notifications
            set state = 'failed', state_reason = $2, last_error = coalesce($3, last_error), updated_at = now()
          where id = any($1::uuid[]) and state = 'sending'`,
        [ids, reason, lastError],
      ),
    );
    options.log?.(`[email] ${log} (${batchKey})`);
  };
  if (!system && stop?.deactivated) return unsent("deactivated", null, "not sent to a deactivated account");
  if (stop?.suppressed != null) {
    return unsent("suppressed", stop.suppressed.slice(0, 300), "not sent to a suspended address");
  }

  const locale = emailLocaleOf(primary.locale);
  const prefix = locale === "en" ? "/en" : "";
  const domain = messageIdDomain(config.appUrl);
  const messageId = `<email-${primary.id}@${domain}>`;
  const threadId = primary.ticket_id ? `<ticket-${primary.ticket_id}@${domain}>` : null;
  let oneClickUrl: string | null = null;
  let unsubscribePageUrl: string | undefined;
  let replyTo: string | null = null;
  let envelopeFrom: string | null = null;
  let rendered: { subject: string; html: string; text: string };
  let stored: { subject: string; html: string; text: string };
  try {
    // VERP: the envelope sender names this email's row, so a delivery report that comes back
    // later (RFC 3464, to the Return-Path) names it too (features/email-replies →
    // recordDeliveryReport). Without an inbound domain nothing of ours would receive it: the
    // relay's usual envelope (MAIL_FROM) stays.
    if (config.bounceDomain) envelopeFrom = await bounceAddressFor(primary.id, config.bounceDomain);
    if (email.kind === "account") {
      const content = await asServiceRole(client, () =>
        accountEmailContent(client, { ...primary, type: email.type }, config, locale),
      );
      rendered = await renderNotificationEmail(content);
      stored = config.smtpUrl ? withoutLink(rendered, content.actionUrl) : rendered;
    } else {
      // A type a person can switch off (not `system`): a way to unsubscribe and to reply.
      if (isNotificationType(email.type)) {
        const token = await createUnsubscribeToken(primary.recipient_id, email.type, config.unsubscribeTtlDays);
        oneClickUrl = `${config.appUrl}/api/email/unsubscribe?token=${encodeURIComponent(token)}`;
        unsubscribePageUrl = `${config.appUrl}${prefix}/desabonnement?token=${encodeURIComponent(token)}`;
        // Replies come back to this row's signed address (never for an automatic answer: no loops).
        if (primary.ticket_id) replyTo = await replyAddressFor(primary.id, config);
      }
      rendered = await renderNotificationEmail({
        type: email.type,
        locale,
        ticketNumber: primary.ticket_number ?? 0,
        ticketSubject: last.data.subject ?? "",
        category: primary.data.category,
        studentEmail: primary.data.studentEmail,
        messages: rows.map((r) => r.data.message).filter((m): m is string => typeof m === "string"),
        ticketUrl: ticketLink(config, prefix, primary.type, primary.ticket_id),
        ...(primary.type === "request_resolved" && primary.ticket_id
          ? { ratingUrl: ticketLink(config, prefix, primary.type, primary.ticket_id, "/evaluation") }
          : {}),
        preferencesUrl: `${config.appUrl}${prefix}/preferences`,
        ...(unsubscribePageUrl ? { unsubscribeUrl: unsubscribePageUrl } : {}),
      });
      stored = rendered;
    }
  } catch (error) {
    // Preparing failed before anything left: back to pending, the job's own retry tries again.
    await asServiceRole(client, () =>
      client.query(
        `update public.email_notifications set state = 'pending', last_error = $2, updated_at = now()
          where id = any($1::uuid[]) and state = 'sending'`,
        [ids, String(error).slice(0, 300)],
      ),
    );
    throw error;
  }

  const finish = (state: "sent" | "kept") =>
    asServiceRole(client, () =>
      client.query(
        `update public.email_notifications
            set state = case when id = $2 then $3 else 'merged' end,
                state_reason = null, last_error = null, sent_with = $2, message_id = $4,
                sent_at = case when $3 = 'sent' then now() else null end,
                subject = case when id = $2 then $5 else null end,
                html_body = case when id = $2 then $6 else null end,
                text_body = case when id = $2 then $7 else null end,
                -- A verification link is not kept once its email is written.
                data = case when type = 'email_verification' then data - 'url' else data end,
                updated_at = now()
          where id = any($1::uuid[]) and state = 'sending'`,
        [ids, primary.id, state, messageId, stored.subject, stored.html, stored.text],
      ),
    );

  if (!config.smtpUrl) {
    await finish("kept");
    return;
  }

  try {
    await smtpTransport(config).sendMail({
      from: config.mailFrom,
      to: primary.recipient_email,
      ...(envelopeFrom ? { envelope: { from: envelopeFrom, to: [primary.recipient_email] } } : {}),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId,
      ...(replyTo ? { replyTo } : {}),
      ...threadHeaders(threadId, primary.data.inReplyTo),
      headers: {
        ...(oneClickUrl
          ? { "List-Unsubscribe": `<${oneClickUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
          : {}),
        // RFC 3834: an answer to a person's email is "auto-replied"; other emails "auto-generated".
        "Auto-Submitted": system && !accountType ? "auto-replied" : "auto-generated",
        "X-Auto-Response-Suppress": "All",
      },
    });
  } catch (error) {
    const failure = classifySendFailure(error);
    const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const attempts = Math.max(...rows.map((r) => r.attempts));
    const giveUp = failure.permanent || attempts >= maxAttempts;
    const delay = delays[Math.min(attempts - 1, delays.length - 1)] ?? 60_000;
    await asServiceRole(client, async () => {
      await client.query(
        `update public.email_notifications
            set state = $2, state_reason = $3, last_error = $4,
                next_attempt_at = now() + make_interval(secs => $5::double precision / 1000), updated_at = now()
          where id = any($1::uuid[]) and state = 'sending'`,
        [
          ids,
          giveUp ? "failed" : "pending",
          failure.permanent ? "rejected" : giveUp ? "gave_up" : null,
          failure.description,
          giveUp ? 0 : delay,
        ],
      );
      if (failure.permanent) {
        // A 5xx: this address refuses our mail. Recorded on the user; nothing more is sent to it
        // until an admin lifts it in the Courriels log (or the user's address changes).
        await client.query(
          `insert into public.email_suppressions (user_id, email, reason, notification_id)
           select $1, $2, $3, $4 where exists (select 1 from users where id = $1)
           on conflict (user_id) do update
             set email = excluded.email, reason = excluded.reason, notification_id = excluded.notification_id,
                 created_at = now()`,
          [primary.recipient_id, primary.recipient_email, failure.description, primary.id],
        );
      }
      if (!giveUp) {
        // Our own job is still locked: graphile-worker gives the key to a new job at that time.
        await client.query(
          "select app.wake_email_batch($1, now() + make_interval(secs => $2::double precision / 1000))",
          [batchKey, delay],
        );
      }
    });
    options.log?.(`[email] ${giveUp ? "failed" : "will retry"} ${batchKey}: ${failure.description}`);
    return;
  }
  await finish("sent");
}

/**
 * Every minute: rows left "sending" longer than `leaseMs` by a worker that died are marked
 * failed ("interrupted": they may have left, so they are not sent again), and batches with due
 * pending rows get their job back (a job lost with a database restored from backup, say).
 */
export async function sweepEmails(client: PoolClient, leaseMs: number): Promise<void> {
  await asServiceRole(client, async () => {
    await client.query(
      `update public.email_notifications
          set state = 'failed', state_reason = 'interrupted',
              last_error = coalesce(last_error, 'worker stopped while sending'), updated_at = now()
        where state = 'sending' and claimed_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [leaseMs],
    );
    await client.query(
      `select app.wake_email_batch(b.batch_key, now())
         from (select distinct batch_key from public.email_notifications
                where state = 'pending' and next_attempt_at <= now() - interval '1 minute' limit 1000) b`,
    );
  });
}
