import "server-only";
import { sql } from "drizzle-orm";
import type { TUserRole } from "@/lib/user-roles";
import { withServiceRole } from "@/server/db/with-user";
import { env } from "@/server/env";
import { verifyReplyToken } from "../reply-token";

// What the inbound side (features/email-replies) asks of the outbox: who a reply token names,
// and the automatic answer to a reply sent to a closed request. The token is the authority
// here (no session), so these run as service_role on exactly what the signed token names.

export type TReplyTarget = {
  notificationId: string;
  user: { id: string; email: string; firstName: string; lastName: string; role: TUserRole; locale: string };
  ticketId: string;
  ticketStatus: string;
  /** The email's own Message-ID, for the answer's threading. */
  messageId: string | null;
};

export type TReplyTargetResult =
  | { ok: true; target: TReplyTarget }
  | { ok: false; reason: "invalid" | "expired" | "unknown" };

/** The user and request a reply token names, or why it is refused (forged, expired, gone). */
export async function resolveReplyToken(token: string): Promise<TReplyTargetResult> {
  const notificationId = await verifyReplyToken(token);
  if (!notificationId) return { ok: false, reason: "invalid" };
  const row = await withServiceRole(async (tx) => {
    const result = await tx.execute<{
      expired: boolean;
      ticket_id: string | null;
      message_id: string | null;
      status: string | null;
      user_id: string | null;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      role: TUserRole | null;
      locale: string | null;
    }>(sql`
      select n.created_at < now() - make_interval(days => ${env().EMAIL_REPLY_TTL_DAYS}::integer) as expired, n.ticket_id, n.message_id, t.status, u.id as user_id, u.email, u.first_name,
             u.last_name, u.role, u.locale
        from public.email_notifications n
        left join users u on u.id = n.recipient_id
        left join public.support_tickets t on t.id = n.ticket_id
       where n.id = ${notificationId}::uuid and n.type <> 'reply_closed'
    `);
    return result.rows[0];
  });
  if (!row?.user_id || !row.email || !row.role || !row.ticket_id || !row.status)
    return { ok: false, reason: "unknown" };
  if (row.expired) return { ok: false, reason: "expired" };
  return {
    ok: true,
    target: {
      notificationId,
      user: {
        id: row.user_id,
        email: row.email,
        firstName: row.first_name ?? "",
        lastName: row.last_name ?? "",
        role: row.role,
        locale: row.locale ?? "fr-CA",
      },
      ticketId: row.ticket_id,
      ticketStatus: row.status,
      messageId: row.message_id,
    },
  };
}

/**
 * The automatic answer "this request is closed, create a new one" to a reply by email, through
 * the outbox like every email (kept without SMTP, logged, retried). One per received email
 * (`inboundKey`), never answered again by us: it is sent as Auto-Submitted: auto-replied and
 * without a reply address.
 */
export async function enqueueClosedRequestAnswer(request: {
  target: TReplyTarget;
  inboundKey: string;
  inReplyTo: string | null;
}): Promise<void> {
  const { target } = request;
  await withServiceRole(async (tx) => {
    const inserted = await tx.execute<{ batch_key: string }>(sql`
      with row_id as (select gen_random_uuid() as id)
      insert into public.email_notifications
        (id, idempotency_key, type, recipient_id, recipient_email, locale, ticket_id, ticket_number, batch_key, data)
      select r.id, ${`inbound:${request.inboundKey}:reply_closed`}, 'reply_closed', u.id, u.email,
             coalesce(nullif(u.locale, ''), 'fr-CA'), t.id, t.number, 'one:' || r.id,
             jsonb_strip_nulls(jsonb_build_object('subject', t.subject, 'inReplyTo', ${request.inReplyTo}::text))
        from row_id r, users u, public.support_tickets t
       where u.id = ${target.user.id}::uuid and t.id = ${target.ticketId}::uuid
      on conflict (idempotency_key) do nothing
      returning batch_key
    `);
    const batchKey = inserted.rows[0]?.batch_key;
    if (batchKey) {
      await tx.execute(sql`select app.wake_email_batch(${batchKey}::text, now())`);
    }
  });
}
