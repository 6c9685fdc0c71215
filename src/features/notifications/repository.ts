import "server-only";
import { sql } from "drizzle-orm";
import type { TEmailState, TEmailType, TNotificationChannel, TNotificationType } from "@/lib/notification-values";
import { afterKey, keyExpression, keyOrderBy, splitPage, type TKeyColumn, type TKeysetPage } from "@/server/db/keyset";
import type { TTx } from "@/server/db/with-user";
import type { TEmailDetails, TEmailLogItem, TEmailSuppression, TInAppNotification } from "./dto";
import type { TEmailLogFilters } from "./schemas";

// The emails' queries, in the caller's transaction: under a user's RLS, only admins see
// email_notifications and each user sees and writes only their own preferences. The
// consumer's write is in ticket-change-consumer.ts, the worker's in worker/send-emails.ts.

type TLogRow = {
  id: string;
  type: TEmailType;
  recipient_email: string;
  locale: string;
  ticket_id: string | null;
  ticket_number: number | null;
  state: TEmailState;
  state_reason: string | null;
  attempts: number;
  last_error: string | null;
  sent_with: string | null;
  resent_as: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
};

function toLogItem(row: TLogRow): TEmailLogItem {
  return {
    id: row.id,
    type: row.type,
    recipientEmail: row.recipient_email,
    locale: row.locale,
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    state: row.state,
    stateReason: row.state_reason,
    attempts: row.attempts,
    lastError: row.last_error,
    mergedInto: row.sent_with && row.sent_with !== row.id ? row.sent_with : null,
    resentAs: row.resent_as,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at),
  };
}

/** The log's order, newest first, on the (created_at, id) index. */
export const EMAIL_LOG_SORT_KEY: readonly TKeyColumn[] = [
  { column: "created_at", cast: "timestamptz" },
  { column: "id", cast: "uuid" },
];

const LOG_COLUMNS = sql`n.id, n.type, n.recipient_email, n.locale, n.ticket_id, n.ticket_number, n.state, n.state_reason,
  n.attempts, n.last_error, n.sent_with, n.resent_as, n.created_at, n.sent_at`;

/**
 * A page of the log, filtered by state, type and recipient (exact address, any case): each
 * filter has an index that leads with it then (created_at, id), so a page stays a short range
 * scan whatever the log's size.
 */
export async function selectEmailLogPage(
  tx: TTx,
  options: { after: string[] | null; limit: number; filters?: TEmailLogFilters },
): Promise<TKeysetPage<TEmailLogItem>> {
  const filters = options.filters ?? {};
  const conditions = [
    options.after ? afterKey(EMAIL_LOG_SORT_KEY, "desc", "n", options.after) : null,
    filters.state ? sql`n.state = ${filters.state}` : null,
    filters.type ? sql`n.type = ${filters.type}` : null,
    filters.recipient ? sql`lower(n.recipient_email) = ${filters.recipient.toLowerCase()}` : null,
  ].filter((c): c is NonNullable<typeof c> => c !== null);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx.execute<TLogRow & { sort_key: string[] }>(sql`
    select ${LOG_COLUMNS}, array[${keyExpression(EMAIL_LOG_SORT_KEY, "n")}] as sort_key
      from email_notifications n
      ${where}
     order by ${keyOrderBy(EMAIL_LOG_SORT_KEY, "desc", "n")}
     limit ${options.limit + 1}
  `);
  return splitPage(
    result.rows,
    options.limit,
    (row) => row.sort_key,
    ({ sort_key: _key, ...row }) => toLogItem(row),
  );
}

/** One email with what it rendered (the batch's first row holds the rendering). */
export async function selectEmailDetails(tx: TTx, id: string): Promise<TEmailDetails | null> {
  const result = await tx.execute<
    TLogRow & { subject: string | null; html_body: string | null; text_body: string | null; message_id: string | null }
  >(sql`
    select ${LOG_COLUMNS}, coalesce(n.subject, s.subject) as subject, coalesce(n.html_body, s.html_body) as html_body,
           coalesce(n.text_body, s.text_body) as text_body, n.message_id
      from email_notifications n
      left join email_notifications s on s.id = n.sent_with and s.id <> n.id
     where n.id = ${id}::uuid
  `);
  const row = result.rows[0];
  if (!row) return null;
  return {
    ...toLogItem(row),
    subject: row.subject,
    html: row.html_body,
    text: row.text_body,
    messageId: row.message_id,
  };
}

export async function selectPreferences(
  tx: TTx,
  userId: string,
): Promise<Map<string, { email: boolean; inApp: boolean }>> {
  const result = await tx.execute<{ type: string; enabled: boolean; in_app_enabled: boolean }>(
    sql`select type, enabled, in_app_enabled from notification_preferences where user_id = ${userId}::uuid`,
  );
  return new Map(result.rows.map((row) => [row.type, { email: row.enabled, inApp: row.in_app_enabled }]));
}

/** One switch of one type: email (enabled) or in-app; the other keeps its value (on by default). */
export async function upsertPreference(
  tx: TTx,
  userId: string,
  type: TNotificationType,
  enabled: boolean,
  channel: TNotificationChannel = "email",
) {
  if (channel === "email") {
    await tx.execute(sql`
      insert into notification_preferences (user_id, type, enabled) values (${userId}::uuid, ${type}, ${enabled})
      on conflict (user_id, type) do update set enabled = excluded.enabled, updated_at = now()
    `);
    return;
  }
  await tx.execute(sql`
    insert into notification_preferences (user_id, type, in_app_enabled) values (${userId}::uuid, ${type}, ${enabled})
    on conflict (user_id, type) do update set in_app_enabled = excluded.in_app_enabled, updated_at = now()
  `);
}

/** Copies a failed email into a new pending row and queues it (app.resend_email_notification). */
export async function resendEmail(tx: TTx, id: string): Promise<string> {
  const result = await tx.execute<{ id: string }>(sql`select app.resend_email_notification(${id}::uuid) as id`);
  return result.rows[0]?.id ?? "";
}

export async function selectSuppressions(tx: TTx, limit = 100): Promise<TEmailSuppression[]> {
  const result = await tx.execute<{ user_id: string; email: string; reason: string; created_at: Date | string }>(sql`
    select user_id, email, reason, created_at from email_suppressions order by created_at desc, user_id limit ${limit}
  `);
  return result.rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    reason: row.reason,
    createdAt: new Date(row.created_at),
  }));
}

export async function deleteSuppression(tx: TTx, userId: string): Promise<boolean> {
  const result = await tx.execute<{ user_id: string }>(
    sql`delete from email_suppressions where user_id = ${userId}::uuid returning user_id`,
  );
  return result.rows.length > 0;
}

export async function selectCategoryChoices(tx: TTx, userId: string, locale: string) {
  const result = await tx.execute<{ slug: string; label: string; subscribed: boolean }>(sql`
    select c.slug, case when ${locale} = 'en' then c.label_en else c.label_fr end as label,
           exists (select 1 from notification_category_subscriptions s
                    where s.user_id = ${userId}::uuid and s.category_slug = c.slug) as subscribed
      from ticket_categories c
     order by c.sort_order, c.slug
  `);
  return result.rows;
}

export async function replaceCategorySubscriptions(tx: TTx, userId: string, slugs: readonly string[]) {
  await tx.execute(sql`delete from notification_category_subscriptions where user_id = ${userId}::uuid`);
  if (slugs.length === 0) return;
  await tx.execute(sql`
    insert into notification_category_subscriptions (user_id, category_slug)
    select ${userId}::uuid, c.slug from ticket_categories c
     where c.slug in (${sql.join(
       slugs.map((slug) => sql`${slug}`),
       sql`, `,
     )})
    on conflict do nothing
  `);
}

// In-app notifications: each user reads and marks only their own (RLS), and every query also
// says user_id = me so PostgreSQL uses the (user_id, …) indexes.

type TInAppRow = {
  id: string;
  type: TNotificationType;
  ticket_id: string | null;
  ticket_number: number | null;
  data: { subject?: string };
  read_at: Date | string | null;
  created_at: Date | string;
};

export const IN_APP_SORT_KEY: readonly TKeyColumn[] = [
  { column: "created_at", cast: "timestamptz" },
  { column: "id", cast: "uuid" },
];

export async function selectInAppPage(
  tx: TTx,
  userId: string,
  options: { after: string[] | null; limit: number },
): Promise<TKeysetPage<TInAppNotification>> {
  const after = options.after ? sql`and ${afterKey(IN_APP_SORT_KEY, "desc", "n", options.after)}` : sql``;
  const result = await tx.execute<TInAppRow & { sort_key: string[] }>(sql`
    select n.id, n.type, n.ticket_id, n.ticket_number, n.data, n.read_at, n.created_at,
           array[${keyExpression(IN_APP_SORT_KEY, "n")}] as sort_key
      from in_app_notifications n
     where n.user_id = ${userId}::uuid ${after}
     order by ${keyOrderBy(IN_APP_SORT_KEY, "desc", "n")}
     limit ${options.limit + 1}
  `);
  return splitPage(
    result.rows,
    options.limit,
    (row) => row.sort_key,
    (row) => ({
      id: row.id,
      type: row.type,
      ticketId: row.ticket_id,
      ticketNumber: row.ticket_number,
      subject: String(row.data?.subject ?? ""),
      read: row.read_at !== null,
      createdAt: new Date(row.created_at),
    }),
  );
}

/** Unread count, capped: the bell says "99+" past that, without counting a long backlog. */
export async function countUnreadInApp(tx: TTx, userId: string, cap = 100): Promise<number> {
  const result = await tx.execute<{ count: number }>(sql`
    select count(*)::int as count from (
      select 1 from in_app_notifications where user_id = ${userId}::uuid and read_at is null limit ${cap}
    ) unread
  `);
  return result.rows[0]?.count ?? 0;
}

export async function markInAppRead(tx: TTx, userId: string, id: string | null): Promise<number> {
  const one = id ? sql`and id = ${id}::uuid` : sql``;
  const result = await tx.execute<{ id: string }>(sql`
    update in_app_notifications set read_at = now()
     where user_id = ${userId}::uuid and read_at is null ${one}
    returning id
  `);
  return result.rows.length;
}
