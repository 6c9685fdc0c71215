import "server-only";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { attachmentDownloadPath, isInlineImage } from "@/features/attachments";
import { statementName } from "@/server/db/client";
import { ticketAttachments, ticketMessages, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TAttachmentItem, TQuickReplyContext } from "../dto";

export async function insertMessage(
  tx: TTx,
  values: { ticketId: string; userId: string; message: string; isInternal: boolean },
) {
  const [row] = await tx
    .insert(ticketMessages)
    .values(values)
    .returning({ id: ticketMessages.id, createdAt: ticketMessages.createdAt });
  if (!row) throw new Error("insert into ticket_messages returned no row");
  return row;
}

/**
 * The messages of a ticket and of the requests merged into it (migration 0028): `= any(array(…))`
 * keeps it one index scan of ticket_messages per ticket id.
 */
const threadOf = (column: typeof ticketMessages.ticketId | typeof ticketAttachments.ticketId) => {
  const ticket = sql.placeholder("ticketId");
  return sql`(${column} = ${ticket} or ${column} = any(array(
    select s.id from support_tickets s where s.merged_into_id = ${ticket})))`;
};

/** Public messages only, by construction (the policy hides internal ones from students too). */
export async function selectPublicMessages(tx: TTx, ticketId: string) {
  return tx
    .select({
      id: ticketMessages.id,
      userId: ticketMessages.userId,
      message: ticketMessages.message,
      createdAt: ticketMessages.createdAt,
      ticketId: ticketMessages.ticketId,
    })
    .from(ticketMessages)
    .where(and(threadOf(ticketMessages.ticketId), eq(ticketMessages.isInternal, false)))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
    .prepare(statementName("ticket_public_messages"))
    .execute({ ticketId });
}

/** Every message with its author, internal notes included (admins). */
export async function selectAllMessages(tx: TTx, ticketId: string) {
  return tx
    .select({
      id: ticketMessages.id,
      userId: ticketMessages.userId,
      message: ticketMessages.message,
      isInternal: ticketMessages.isInternal,
      createdAt: ticketMessages.createdAt,
      authorName: users.name,
      authorRole: users.role,
      ticketId: ticketMessages.ticketId,
    })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.userId))
    .where(threadOf(ticketMessages.ticketId))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
    .prepare(statementName("ticket_all_messages"))
    .execute({ ticketId });
}

/**
 * The newest public reply of another admin on the ticket after `seenMessageId` (after nothing:
 * null), with its author's name: what an admin about to answer has not seen. Read under the
 * ticket's lock (addTicketMessage), so two admins sending at once cannot both miss the other.
 * An unknown `seenMessageId` finds nothing.
 */
export async function findNewerStaffReply(
  tx: TTx,
  ticketId: string,
  viewerId: string,
  seenMessageId: string | null,
): Promise<{ authorName: string } | null> {
  const { rows } = await tx.execute<{ author_name: string }>(sql`
    select u.name as author_name
      from ticket_messages m
      join users u on u.id = m.user_id
     where m.ticket_id = ${ticketId}
       and not m.is_internal
       and m.user_id <> ${viewerId}
       and u.role = 'admin'
       and (${seenMessageId}::uuid is null
            or (m.created_at, m.id) > (select s.created_at, s.id from ticket_messages s
                                        where s.id = ${seenMessageId}::uuid and s.ticket_id = ${ticketId}))
     order by m.created_at desc, m.id desc
     limit 1`);
  const row = rows[0];
  return row ? { authorName: row.author_name } : null;
}

/**
 * Attachments of a ticket. With `publicOnly`, files of internal notes are left out in the
 * query itself (RLS would hide them from a student as well).
 */
export async function selectAttachments(tx: TTx, ticketId: string, publicOnly: boolean): Promise<TAttachmentItem[]> {
  const visible = publicOnly
    ? and(
        threadOf(ticketAttachments.ticketId),
        or(isNull(ticketAttachments.messageId), eq(ticketMessages.isInternal, false)),
      )
    : threadOf(ticketAttachments.ticketId);
  const rows = await tx
    .select({
      id: ticketAttachments.id,
      messageId: ticketAttachments.messageId,
      fileName: ticketAttachments.fileName,
      fileType: ticketAttachments.fileType,
      fileSize: ticketAttachments.fileSize,
      createdAt: ticketAttachments.createdAt,
    })
    .from(ticketAttachments)
    .leftJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(visible)
    .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.id))
    .prepare(statementName(publicOnly ? "ticket_public_attachments" : "ticket_all_attachments"))
    .execute({ ticketId });
  return rows.map((row) => ({
    ...row,
    downloadUrl: attachmentDownloadPath(row.id),
    previewUrl: isInlineImage(row.fileType) ? attachmentDownloadPath(row.id, { inline: true }) : null,
  }));
}

/** How much of the newest message a quick reply shows (the ticket page has the rest). */
const QUICK_CONTEXT_CHARS = 600;

/**
 * What a quick reply from the admin list shows above its box (issue 17): the thread's newest
 * message (internal notes included: the reader is an admin) with its author, or the request's
 * own text when nobody wrote yet. Its id is the reply's `seenUpTo`.
 */
export async function selectNewestThreadEntry(tx: TTx, ticketId: string): Promise<TQuickReplyContext | null> {
  const { rows } = await tx.execute<{
    message_id: string | null;
    author_name: string;
    kind: "request" | "student" | "staff" | "note";
    text: string;
    created_at: Date;
  }>(sql`
    select m.id as message_id, coalesce(mu.name, su.name) as author_name,
           case when m.id is null then 'request' when m.is_internal then 'note'
                when m.user_id = t.user_id then 'student' else 'staff' end as kind,
           left(coalesce(m.message, t.description), ${QUICK_CONTEXT_CHARS}) as text,
           coalesce(m.created_at, t.created_at) as created_at
      from support_tickets t
      join users su on su.id = t.user_id
      left join lateral (select * from ticket_messages x where x.ticket_id = t.id
                          order by x.created_at desc, x.id desc limit 1) m on true
      left join users mu on mu.id = m.user_id
     where t.id = ${ticketId}`);
  const row = rows[0];
  return row
    ? {
        seenUpTo: row.message_id ?? "none",
        authorName: row.author_name,
        kind: row.kind,
        text: row.text,
        createdAt: new Date(row.created_at),
      }
    : null;
}
