import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { executePrepared } from "@/server/db/client";
import { TICKET_PRIORITIES, TICKET_STATUSES, type TTicketPriority, type TTicketStatus } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import { isCanonicalUuid, isMicrosecondTimestampText } from "@/server/text-shapes";
import type { TAdminTicketListItem, TStatusCounts, TStudentTicketListItem } from "../dto";

// List queries. Each picks the page's ids first on an index that matches the sort
// (keyset: "rows after this key", never OFFSET), then joins names and counts messages for
// those rows only. Sort keys always end with id, so the order is total and a page boundary
// can neither repeat nor skip a row, whatever is inserted meanwhile.

type TSortColumn = { column: string; cast: string };

const CREATED: TSortColumn = { column: "created_at", cast: "timestamptz" };
const UPDATED: TSortColumn = { column: "updated_at", cast: "timestamptz" };
const PUBLIC_ACTIVITY: TSortColumn = { column: "public_activity_at", cast: "timestamptz" };
const ID: TSortColumn = { column: "id", cast: "uuid" };

export const SORT_KEYS = {
  created: [CREATED, ID],
  updated: [UPDATED, ID],
  /** The student's list: what they can see last changed (migration 0014). */
  publicActivity: [PUBLIC_ACTIVITY, ID],
  // Ranks, not the enums: enum comparisons are not leakproof, so under RLS they could not
  // seek the index to a cursor (migration 0013).
  priority: [{ column: "priority_rank", cast: "smallint" }, CREATED, ID],
  status: [{ column: "status_rank", cast: "smallint" }, CREATED, ID],
} as const satisfies Record<string, readonly TSortColumn[]>;

export type TSortKey = keyof typeof SORT_KEYS;
export type TSortSpec = { key: TSortKey; direction: "asc" | "desc" };

function columnList(spec: TSortSpec, alias: string): SQL {
  return sql.raw(SORT_KEYS[spec.key].map((c) => `${alias}.${c.column}`).join(", "));
}

function orderBy(spec: TSortSpec, alias: string): SQL {
  const direction = spec.direction === "desc" ? "desc" : "asc";
  return sql.raw(SORT_KEYS[spec.key].map((c) => `${alias}.${c.column} ${direction}`).join(", "));
}

/** `(cols) < (values)` for descending pages, `>` for ascending: one row comparison the index can seek to. */
function afterKey(spec: TSortSpec, alias: string, key: readonly string[]): SQL {
  const columns = SORT_KEYS[spec.key];
  const values = sql.join(
    columns.map((c, i) => sql`${key[i] ?? null}::${sql.raw(c.cast)}`),
    sql`, `,
  );
  const operator = sql.raw(spec.direction === "desc" ? "<" : ">");
  return sql`(${columnList(spec, alias)}) ${operator} (${values})`;
}

/**
 * The sort key of a row as text, for the next cursor. Timestamps are written as UTC ISO 8601
 * with their microseconds, whatever the session's DateStyle and TimeZone, so that
 * isSortKey() can check a cursor's key before it reaches SQL.
 */
function keyExpression(spec: TSortSpec, alias: string): SQL {
  return sql.join(
    SORT_KEYS[spec.key].map((c) =>
      sql.raw(
        c.cast === "timestamptz"
          ? `to_char(${alias}.${c.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
          : `${alias}.${c.column}::text`,
      ),
    ),
    sql`, `,
  );
}

const KEY_PART_IS_VALID: Record<string, (value: string) => boolean> = {
  timestamptz: isMicrosecondTimestampText,
  uuid: isCanonicalUuid,
  // Both ranks run 1–4 (see priorityRank, statusRank).
  smallint: (value) => /^[1-4]$/.test(value),
};

// The generated priority_rank / status_rank columns (migration 0013): the enum's position,
// from 1. A test checks both against the database's own values.
export const priorityRank = (priority: TTicketPriority): number => TICKET_PRIORITIES.indexOf(priority) + 1;
export const statusRank = (status: TTicketStatus): number => TICKET_STATUSES.indexOf(status) + 1;

/**
 * Whether `key` has the shape keyExpression() gives rows of `spec`: a tampered cursor is
 * refused before SQL sees it (instead of failing a cast, or comparing with NULL).
 */
export function isSortKey(spec: TSortSpec, key: readonly string[]): boolean {
  const columns = SORT_KEYS[spec.key];
  return key.length === columns.length && columns.every((c, i) => KEY_PART_IS_VALID[c.cast]?.(key[i] ?? "") === true);
}

type TPage<T> = { items: T[]; nextKey: string[] | null };

/**
 * LIMIT written into the text, not bound: with `limit $n` a prepared statement's generic
 * plan assumes it may return a tenth of the table, so PostgreSQL kept planning every
 * execution anew (custom plans only: measured 200 of 200 at 1M tickets).
 */
function limitLiteral(limit: number): SQL {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`invalid page limit: ${limit}`);
  return sql.raw(String(limit));
}

function splitPage<T extends { sortKey: string[] }>(rows: T[], limit: number): TPage<Omit<T, "sortKey">> {
  const hasMore = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ sortKey: _key, ...item }) => item),
    nextKey: hasMore && last ? last.sortKey : null,
  };
}

type TStudentRow = {
  id: string;
  number: number;
  subject: string;
  category: string;
  status: TTicketStatus;
  is_assigned: boolean;
  created_at: Date;
  updated_at: Date;
  message_count: number;
  last_message_at: Date | null;
  unread: boolean;
  sort_key: string[];
};

/** The student list's order: a cursor's key is checked against it before it reaches SQL. */
export const STUDENT_LIST_SORT: TSortSpec = { key: "publicActivity", direction: "desc" };

/**
 * A student's tickets, the one where they can see something new first (public_activity_at:
 * an internal note or a priority change does not move it), on the
 * (user_id, public_activity_at, id) index. Its `updatedAt` is that time.
 */
export async function selectStudentTicketPage(
  tx: TTx,
  userId: string,
  options: { status?: TTicketStatus; after: string[] | null; limit: number },
): Promise<TPage<TStudentTicketListItem>> {
  const spec = STUDENT_LIST_SORT;
  const conditions: SQL[] = [sql`t.user_id = ${userId}`];
  if (options.status) conditions.push(sql`t.status = ${options.status}`);
  if (options.after) conditions.push(afterKey(spec, "t", options.after));
  const rows = await executePrepared<TStudentRow>(
    tx,
    sql`
    with page as (
      select t.id, t.number, t.subject, t.category, t.status, t.assigned_to, t.created_at,
             t.public_activity_at, array[${keyExpression(spec, "t")}] as sort_key
      from support_tickets t
      where ${sql.join(conditions, sql` and `)}
      order by ${orderBy(spec, "t")}
      limit ${limitLiteral(options.limit + 1)}
    )
    select p.id, p.number, p.subject, p.category, p.status, p.assigned_to is not null as is_assigned,
           p.created_at, p.public_activity_at as updated_at, p.sort_key,
           mc.message_count, mc.last_message_at,
           exists (
             select 1 from ticket_messages m
             where m.ticket_id = p.id and not m.is_internal and m.user_id <> ${userId}
               and m.created_at > coalesce(
                 (select r.last_read_at from ticket_reads r where r.ticket_id = p.id and r.user_id = ${userId}),
                 '-infinity'::timestamptz)
           ) as unread
    from page p
    left join lateral (
      select count(*)::int as message_count, max(m.created_at) as last_message_at
      from ticket_messages m where m.ticket_id = p.id and not m.is_internal
    ) mc on true
    order by ${orderBy(spec, "p")}
  `,
  );
  return splitPage(
    rows.map((row) => ({
      id: row.id,
      number: row.number,
      subject: row.subject,
      category: row.category,
      status: row.status,
      isAssigned: row.is_assigned,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      messageCount: row.message_count,
      lastMessageAt: row.last_message_at ? new Date(row.last_message_at) : null,
      unread: row.unread,
      sortKey: row.sort_key,
    })),
    options.limit,
  );
}

export async function countStudentTicketsByStatus(tx: TTx, userId: string): Promise<TStatusCounts> {
  const rows = await executePrepared<{ status: TTicketStatus; count: number }>(
    tx,
    sql`select status, count(*)::int as count from support_tickets where user_id = ${userId} group by status`,
  );
  const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as TStatusCounts;
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}

export type TAdminListFilters = {
  status?: TTicketStatus;
  priority?: TTicketPriority;
  category?: string;
  assignee?: string | "unassigned";
  /** Inclusive local calendar days (YYYY-MM-DD) in `timeZone`. */
  createdFrom?: string;
  createdTo?: string;
  timeZone: string;
  /** Search words (letters and digits only), each a required prefix term; empty for no text search. */
  searchWords: readonly string[];
  /** The tickets the words match, from selectSearchMatchIds(); null or absent when too many. */
  searchMatchIds?: readonly string[] | null;
  /** A ticket number the search text names (#1042 or 1042), or null. */
  searchNumber: number | null;
};

/** Every word must match, as a prefix of its French stem or of the word as written (migration 0009). */
function searchQuery(words: readonly string[]): SQL {
  const terms = words.map(
    (word) =>
      sql`(to_tsquery('public.ticket_search', ${`${word}:*`}) || to_tsquery('public.ticket_search_simple', ${`${word}:*`}))`,
  );
  return sql`(${sql.join(terms, sql` && `)})`;
}

/** Tickets whose text matches, when they are few enough to list ({@link SEARCH_ID_CAP}); null when the words are common. */
export const SEARCH_ID_CAP = 2000;

export async function selectSearchMatchIds(tx: TTx, words: readonly string[]): Promise<string[] | null> {
  const result = await tx.execute<{ ids: string[] | null }>(
    sql`select public.admin_search_ticket_ids(${searchQuery(words)}, ${SEARCH_ID_CAP}) as ids`,
  );
  return result.rows[0]?.ids ?? null;
}

/**
 * The text condition. Under RLS the GIN index cannot serve `@@` (not leakproof), so rare
 * words come as the matching ids found by admin_search_ticket_ids() (read by primary key);
 * common words keep `@@`, and the sort's index finds a page of matches after a few rows.
 */
function textSearch(words: readonly string[], matchIds: readonly string[] | null | undefined): SQL | null {
  if (words.length === 0) return null;
  if (matchIds) return sql`t.id = any(${`{${matchIds.join(",")}}`}::uuid[])`;
  return sql`t.search_vector @@ ${searchQuery(words)}`;
}

function adminConditions(filters: TAdminListFilters): SQL[] {
  const conditions: SQL[] = [];
  // Ranks, so that under RLS these can be index conditions (migration 0013).
  if (filters.status) conditions.push(sql`t.status_rank = ${statusRank(filters.status)}::smallint`);
  if (filters.priority) conditions.push(sql`t.priority_rank = ${priorityRank(filters.priority)}::smallint`);
  if (filters.category) conditions.push(sql`t.category = ${filters.category}`);
  if (filters.assignee === "unassigned") conditions.push(sql`t.assigned_to is null`);
  else if (filters.assignee) conditions.push(sql`t.assigned_to = ${filters.assignee}`);
  if (filters.createdFrom) {
    conditions.push(sql`t.created_at >= (${filters.createdFrom}::date)::timestamp at time zone ${filters.timeZone}`);
  }
  if (filters.createdTo) {
    conditions.push(sql`t.created_at < (${filters.createdTo}::date + 1)::timestamp at time zone ${filters.timeZone}`);
  }
  const text = textSearch(filters.searchWords, filters.searchMatchIds);
  if (text && filters.searchNumber !== null) conditions.push(sql`(${text} or t.number = ${filters.searchNumber})`);
  else if (text) conditions.push(text);
  else if (filters.searchNumber !== null) conditions.push(sql`t.number = ${filters.searchNumber}`);
  return conditions;
}

type TAdminRow = {
  id: string;
  number: number;
  subject: string;
  category: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  user_id: string;
  student_name: string;
  student_email: string;
  assigned_to: string | null;
  assignee_name: string | null;
  created_at: Date;
  updated_at: Date;
  message_count: number;
  last_message_at: Date | null;
  unread: boolean;
  sort_key: string[];
};

/**
 * The admin list. `viewerId` is the admin: a ticket is unread for them when the student
 * wrote (opened it or sent a message) after the admin last read it.
 */
export async function selectAdminTicketPage(
  tx: TTx,
  viewerId: string,
  options: { filters: TAdminListFilters; sort: TSortSpec; after: string[] | null; limit: number },
): Promise<TPage<TAdminTicketListItem>> {
  const { sort } = options;
  const conditions = adminConditions(options.filters);
  if (options.after) conditions.push(afterKey(sort, "t", options.after));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  // Prepared (planned once, then PostgreSQL's generic plan), except where the best plan
  // depends on a value the generic plan cannot see: common search words (`@@`: "séance" is
  // in 79 % of tickets, a rare word in 0.01 %), a category or an assignee (a new category or
  // a new admin has a handful of tickets: walking the date index to find 21 of them would
  // read the whole table). Statuses and priorities are few and similar in size.
  const { filters } = options;
  const valueSensitive =
    (filters.searchWords.length > 0 && !filters.searchMatchIds) || Boolean(filters.category || filters.assignee);
  const query = sql`
    with page as (
      select t.id, t.number, t.subject, t.category, t.status, t.priority, t.status_rank, t.priority_rank,
             t.user_id, t.assigned_to, t.created_at, t.updated_at, array[${keyExpression(sort, "t")}] as sort_key
      from support_tickets t
      ${where}
      order by ${orderBy(sort, "t")}
      limit ${limitLiteral(options.limit + 1)}
    )
    select p.*, s.name as student_name, s.email as student_email, a.name as assignee_name,
           mc.message_count, mc.last_message_at,
           greatest(p.created_at, mc.last_student_message_at) > coalesce(
             (select r.last_read_at from ticket_reads r where r.ticket_id = p.id and r.user_id = ${viewerId}),
             '-infinity'::timestamptz) as unread
    from page p
    join users s on s.id = p.user_id
    left join users a on a.id = p.assigned_to
    left join lateral (
      select count(*)::int as message_count, max(m.created_at) as last_message_at,
             max(m.created_at) filter (where m.user_id = p.user_id) as last_student_message_at
      from ticket_messages m where m.ticket_id = p.id
    ) mc on true
    order by ${orderBy(sort, "p")}
  `;
  const rows = valueSensitive ? (await tx.execute<TAdminRow>(query)).rows : await executePrepared<TAdminRow>(tx, query);
  return splitPage(
    rows.map((row) => ({
      id: row.id,
      number: row.number,
      subject: row.subject,
      category: row.category,
      status: row.status,
      priority: row.priority,
      student: { id: row.user_id, name: row.student_name, email: row.student_email },
      assignee: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name ?? "" } : null,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      messageCount: row.message_count,
      lastMessageAt: row.last_message_at ? new Date(row.last_message_at) : null,
      unread: row.unread,
      sortKey: row.sort_key,
    })),
    options.limit,
  );
}

/**
 * Unresolved counts for the admin dashboard, each stopping at `cap + 1` (shown as "cap+"):
 * at most cap + 1 index entries per count whatever the backlog. Counted by
 * admin_ticket_counts() (migration 0012): under RLS the enum conditions could not use the
 * indexes.
 */
export async function countUnresolvedTickets(tx: TTx, viewerId: string, cap: number) {
  const result = await tx.execute<{ open: number; in_progress: number; unassigned: number; mine: number }>(
    sql`select * from public.admin_ticket_counts(${viewerId}::uuid, ${cap})`,
  );
  const row = result.rows[0];
  return {
    open: row?.open ?? 0,
    inProgress: row?.in_progress ?? 0,
    unassigned: row?.unassigned ?? 0,
    mine: row?.mine ?? 0,
  };
}
