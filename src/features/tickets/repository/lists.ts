import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { SLA_DUE_SOON_MINUTES, type TSlaClock, type TSlaListFilter } from "@/lib/sla-values";
import { executePrepared } from "@/server/db/client";
import {
  afterKey as afterKeyOf,
  isKeyOf,
  keyExpression as keyExpressionOf,
  keyOrderBy,
  limitLiteral,
  splitPage,
  type TKeyColumn,
  type TKeyDirection,
  type TKeysetPage,
} from "@/server/db/keyset";
import { TICKET_PRIORITIES, TICKET_STATUSES, type TTicketPriority, type TTicketStatus } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TAdminTicketListItem, TSearchHit, TSnippetPiece, TStatusCounts, TStudentTicketListItem } from "../dto";

// List queries. Each picks the page's ids first on an index that matches the sort
// (keyset, see src/server/db/keyset.ts), then joins names, category labels and counts
// messages for those rows only ("late join": the id-picking query's plan stays the same).

const CREATED: TKeyColumn = { column: "created_at", cast: "timestamptz" };
const UPDATED: TKeyColumn = { column: "updated_at", cast: "timestamptz" };
const PUBLIC_ACTIVITY: TKeyColumn = { column: "public_activity_at", cast: "timestamptz" };
const ID: TKeyColumn = { column: "id", cast: "uuid" };
// Both ranks run 1–4 (see priorityRank, statusRank).
const isRank = (value: string) => /^[1-4]$/.test(value);

export const SORT_KEYS = {
  created: [CREATED, ID],
  updated: [UPDATED, ID],
  /** The student's list: what they can see last changed (migration 0014). */
  publicActivity: [PUBLIC_ACTIVITY, ID],
  // Ranks, not the enums: enum comparisons are not leakproof, so under RLS they could not
  // seek the index to a cursor (migration 0013).
  priority: [{ column: "priority_rank", cast: "smallint", isValid: isRank }, CREATED, ID],
  status: [{ column: "status_rank", cast: "smallint", isValid: isRank }, CREATED, ID],
  /** The earliest running SLA due time, on the partial (sla_due_at, id) index (migration 0025). */
  slaDue: [{ column: "sla_due_at", cast: "timestamptz" }, ID],
} as const satisfies Record<string, readonly TKeyColumn[]>;

export type TSortKey = keyof typeof SORT_KEYS;
export type TSortSpec = { key: TSortKey; direction: TKeyDirection };

const orderBy = (spec: TSortSpec, alias: string): SQL => keyOrderBy(SORT_KEYS[spec.key], spec.direction, alias);

// The generated priority_rank / status_rank columns (migration 0013): the enum's position,
// from 1. A test checks both against the database's own values.
export const priorityRank = (priority: TTicketPriority): number => TICKET_PRIORITIES.indexOf(priority) + 1;
export const statusRank = (status: TTicketStatus): number => TICKET_STATUSES.indexOf(status) + 1;

/** Whether `key` has the shape of a key of `spec` (a tampered cursor is refused before SQL sees it). */
export function isSortKey(spec: TSortSpec, key: readonly string[]): boolean {
  return isKeyOf(SORT_KEYS[spec.key], key);
}

function toPage<R extends { sort_key: string[] }, T>(rows: readonly R[], limit: number, toItem: (row: R) => T) {
  return splitPage(rows, limit, (row) => row.sort_key, toItem);
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
  category_label_fr: string | null;
  category_label_en: string | null;
  sort_key: string[];
};

/** The category's labels, the slug standing in for a label when the row is missing. */
const labelOf = (row: { category: string; category_label_fr: string | null; category_label_en: string | null }) => ({
  fr: row.category_label_fr ?? row.category,
  en: row.category_label_en ?? row.category,
});

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
): Promise<TKeysetPage<TStudentTicketListItem>> {
  const spec = STUDENT_LIST_SORT;
  const conditions: SQL[] = [sql`t.user_id = ${userId}`];
  if (options.status) conditions.push(sql`t.status = ${options.status}`);
  if (options.after) conditions.push(afterKeyOf(SORT_KEYS[spec.key], spec.direction, "t", options.after));
  const rows = await executePrepared<TStudentRow>(
    tx,
    sql`
    with page as (
      select t.id, t.number, t.subject, t.category, t.status, t.assigned_to, t.created_at,
             t.public_activity_at, array[${keyExpressionOf(SORT_KEYS[spec.key], "t")}] as sort_key
      from support_tickets t
      where ${sql.join(conditions, sql` and `)}
      order by ${orderBy(spec, "t")}
      limit ${limitLiteral(options.limit + 1)}
    )
    select p.id, p.number, p.subject, p.category, p.status, p.assigned_to is not null as is_assigned,
           p.created_at, p.public_activity_at as updated_at, p.sort_key,
           mc.message_count, mc.last_message_at, c.label_fr as category_label_fr, c.label_en as category_label_en,
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
    left join ticket_categories c on c.slug = p.category
    order by ${orderBy(spec, "p")}
  `,
  );
  return toPage(rows, options.limit, (row) => ({
    id: row.id,
    number: row.number,
    subject: row.subject,
    category: row.category,
    categoryLabel: labelOf(row),
    status: row.status,
    isAssigned: row.is_assigned,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at ? new Date(row.last_message_at) : null,
    unread: row.unread,
  }));
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
  /**
   * One student's tickets: read on the (user_id, …) indexes (uuid equality is leakproof), then
   * sorted. A student has tens of tickets (the bench's heaviest, 200): every sort took 0.2-0.8 ms
   * at 1M tickets under RLS, so no (user_id, sort…) index per sort.
   */
  studentId?: string;
  /** Unresolved tickets only (open, in progress): the dashboard's lists, on migration 0037's partial indexes. */
  unresolved?: boolean;
  /**
   * Tickets waiting for an answer: no public message yet, or the last public one is the
   * student's (the dashboard's "oldest without a reply").
   */
  awaitingReply?: boolean;
  /** Inclusive local calendar days (YYYY-MM-DD) in `timeZone`. */
  createdFrom?: string;
  createdTo?: string;
  /** SLA: a running clock past due, or due within SLA_DUE_SOON_MINUTES. */
  sla?: TSlaListFilter;
  timeZone: string;
  /** Search words (letters and digits only), each a required prefix term; empty for no text search. */
  searchWords: readonly string[];
  /** The text as typed, for the students' name and email prefixes; absent: no student search. */
  searchText?: string | null;
  /** What the words and text match, from selectSearchMatches(); null or absent: too many of each. */
  searchMatches?: TSearchMatches | null;
  /** A ticket number the search text names (#1042 or 1042), or null. */
  searchNumber: number | null;
  /** Tickets with any (default) or all of these tags (migration 0028). */
  tagIds?: readonly string[];
  tagMode?: "any" | "all";
};

/** Every word must match, as a prefix of its French stem or of the word as written (migration 0009). */
function searchQuery(words: readonly string[]): SQL {
  const terms = words.map(
    (word) =>
      sql`(to_tsquery('public.ticket_search', ${`${word}:*`}) || to_tsquery('public.ticket_search_simple', ${`${word}:*`}))`,
  );
  return sql`(${sql.join(terms, sql` && `)})`;
}

/**
 * What the search matches, each part as ids when few enough to list, null when too many (the
 * list then keeps a condition per row, and walking the sort's index meets a page of matches
 * after a few rows).
 */
export type TSearchMatches = {
  /** Tickets whose subject or description has every word (admin_search_ticket_ids, migration 0011). */
  ticketIds: readonly string[] | null;
  /** Tickets with a message (public reply or internal note) that has every word (migration 0040). */
  messageTicketIds: readonly string[] | null;
  /** Students whose email, "first last" or last name starts with the text (migration 0037). */
  studentIds: readonly string[] | null;
};

/** Matching tickets listed by id up to this many per part (subject/description, messages). */
export const SEARCH_ID_CAP = 2000;
/** Matching students listed by id up to this many; more: the list checks each ticket's student. */
export const SEARCH_STUDENT_CAP = 200;

const NO_IDS = sql`'{}'::uuid[]`;

/**
 * Asks the indexes what the search matches, in one round trip, through migration 0011, 0037 and
 * 0040's functions (admins only: under RLS neither `@@` nor `LIKE` can use an index).
 */
export async function selectSearchMatches(
  tx: TTx,
  words: readonly string[],
  text: string | null,
): Promise<TSearchMatches> {
  const query = words.length > 0 ? searchQuery(words) : null;
  const result = await tx.execute<{ ticket_ids: string[] | null; message_ids: string[] | null; student_ids: string[] }>(
    sql`select ${query ? sql`public.admin_search_ticket_ids(${query}, ${SEARCH_ID_CAP})` : NO_IDS} as ticket_ids,
               ${query ? sql`public.admin_search_message_ticket_ids(${query}, ${SEARCH_ID_CAP})` : NO_IDS} as message_ids,
               ${text ? sql`public.admin_search_student_ids(${text}, ${SEARCH_STUDENT_CAP + 1})` : NO_IDS} as student_ids`,
  );
  const row = result.rows[0];
  const studentIds = row?.student_ids ?? [];
  return {
    ticketIds: row ? row.ticket_ids : null,
    messageTicketIds: row ? row.message_ids : null,
    studentIds: studentIds.length > SEARCH_STUDENT_CAP ? null : studentIds,
  };
}

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * A message of ticket `alias`.id has every word: a probe per ticket on ticket_messages
 * (ticket_id, …), then the stored vector. `offset 0` keeps it a probe: without it PostgreSQL may
 * run the EXISTS as a hashed subplan, reading every message that matches a common word first
 * ("remboursement séance" at 100k tickets: 121 ms p50 instead of a few).
 */
const messageMatches = (alias: string, query: SQL) =>
  sql`exists (select 1 from ticket_messages m where m.ticket_id = ${sql.raw(alias)}.id and m.search_vector @@ ${query} offset 0)`;

/** The ticket's student is one the text names: the ids when listed, else migration 0037's prefixes row by row. */
function studentMatches(alias: string, text: string, ids: readonly string[] | null): SQL {
  if (ids) return sql`${sql.raw(alias)}.user_id = any(${uuidArray(ids)})`;
  // LIKE's wildcards and escape character (chr(92), a backslash) in the text are escaped, as 0037 does.
  const pattern = sql`replace(replace(replace(app.fold_name(${text}), chr(92), chr(92) || chr(92)), '%', chr(92) || '%'), '_', chr(92) || '_') || '%'`;
  return sql`exists (select 1 from users s where s.id = ${sql.raw(alias)}.user_id and s.role = 'student'
    and (app.fold_name(s.email) like ${pattern} or app.fold_name(s.first_name || ' ' || s.last_name) like ${pattern}
         or app.fold_name(s.last_name) like ${pattern}) offset 0)`;
}

/**
 * The text condition: the subject or description has every word, or one message has them all,
 * or the student's name or email starts with the text. Under RLS the GIN indexes cannot serve
 * `@@` (not leakproof), so parts with few matches come as ids from selectSearchMatches() (read
 * by primary key or on (user_id, …)); parts with many keep `@@`/EXISTS, and the sort's index
 * finds a page of matches after a few rows.
 */
function textSearch(filters: TAdminListFilters): SQL | null {
  const { searchWords: words, searchText: text, searchMatches: matches } = filters;
  if (words.length === 0 && !text) return null;
  const ids = new Set<string>();
  const parts: SQL[] = [];
  if (words.length > 0) {
    const query = searchQuery(words);
    if (matches?.ticketIds) for (const id of matches.ticketIds) ids.add(id);
    else parts.push(sql`t.search_vector @@ ${query}`);
    if (matches?.messageTicketIds) for (const id of matches.messageTicketIds) ids.add(id);
    else parts.push(messageMatches("t", query));
  }
  if (text && matches?.studentIds?.length !== 0) parts.push(studentMatches("t", text, matches?.studentIds ?? null));
  if (ids.size > 0) parts.unshift(sql`t.id = any(${uuidArray([...ids])})`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * The tag filter: EXISTS probes on support_ticket_tags' primary key (ticket_id, tag_id), or,
 * for a rare tag, the planner reads the tag's tickets first on (tag_id, ticket_id). uuid
 * equality is leakproof, so both are index conditions under RLS.
 */
function tagCondition(tagIds: readonly string[] | undefined, mode: "any" | "all" | undefined): SQL | null {
  if (!tagIds || tagIds.length === 0) return null;
  const probe = (tag: SQL) => sql`exists (select 1 from support_ticket_tags l where l.ticket_id = t.id and ${tag})`;
  if (mode === "all" || tagIds.length === 1) {
    return sql.join(
      tagIds.map((id) => probe(sql`l.tag_id = ${id}::uuid`)),
      sql` and `,
    );
  }
  return probe(sql`l.tag_id = any(${`{${tagIds.join(",")}}`}::uuid[])`);
}

/** How many tickets match `filters`, stopping at cap + 1 (shown as "cap+"): a saved view's count. */
export async function countAdminTickets(tx: TTx, filters: TAdminListFilters, cap: number): Promise<number> {
  const conditions = adminConditions(filters);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const result = await tx.execute<{ count: number }>(
    sql`select count(*)::int as count from (select 1 from support_tickets t ${where} limit ${limitLiteral(cap + 1)}) s`,
  );
  return result.rows[0]?.count ?? 0;
}

function adminConditions(filters: TAdminListFilters): SQL[] {
  const conditions: SQL[] = [];
  // Ranks, so that under RLS these can be index conditions (migration 0013).
  if (filters.status) conditions.push(sql`t.status_rank = ${statusRank(filters.status)}::smallint`);
  if (filters.priority) conditions.push(sql`t.priority_rank = ${priorityRank(filters.priority)}::smallint`);
  if (filters.category) conditions.push(sql`t.category = ${filters.category}`);
  if (filters.assignee === "unassigned") conditions.push(sql`t.assigned_to is null`);
  else if (filters.assignee) conditions.push(sql`t.assigned_to = ${filters.assignee}`);
  if (filters.studentId) conditions.push(sql`t.user_id = ${filters.studentId}`);
  if (filters.unresolved) conditions.push(sql`t.status_rank <= 2`);
  if (filters.awaitingReply) {
    // The newest public message, on ticket_messages (ticket_id, created_at): one probe per ticket.
    conditions.push(sql`coalesce((select m.user_id = t.user_id from ticket_messages m
      where m.ticket_id = t.id and not m.is_internal order by m.created_at desc limit 1), true)`);
  }
  if (filters.createdFrom) {
    conditions.push(sql`t.created_at >= (${filters.createdFrom}::date)::timestamp at time zone ${filters.timeZone}`);
  }
  if (filters.createdTo) {
    conditions.push(sql`t.created_at < (${filters.createdTo}::date + 1)::timestamp at time zone ${filters.timeZone}`);
  }
  const tags = tagCondition(filters.tagIds, filters.tagMode);
  if (tags) conditions.push(tags);
  // Both on the partial (sla_due_at, id) index: only tickets with a running clock are in it.
  if (filters.sla === "late") conditions.push(sql`t.sla_due_at is not null and t.sla_due_at < now()`);
  if (filters.sla === "due_soon") {
    conditions.push(
      sql`t.sla_due_at is not null and t.sla_due_at >= now() and t.sla_due_at < now() + ${sql.raw(`interval '${SLA_DUE_SOON_MINUTES} minutes'`)}`,
    );
  }
  const text = textSearch(filters);
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
  is_new_request: boolean;
  category_label_fr: string | null;
  category_label_en: string | null;
  tags: { id: string; name: string }[];
  sla_due_at: Date | null;
  sla_breached: boolean;
  sla_clock: TSlaClock | null;
  version: number;
  hit_where: TSearchHit["where"] | null;
  hit_snippet: string | null;
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
): Promise<TKeysetPage<TAdminTicketListItem>> {
  const { sort } = options;
  const conditions = adminConditions(options.filters);
  // The due sort lists tickets with a running clock (a null key could not be a cursor).
  if (sort.key === "slaDue") conditions.push(sql`t.sla_due_at is not null`);
  if (options.after) conditions.push(afterKeyOf(SORT_KEYS[sort.key], sort.direction, "t", options.after));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  // Prepared (planned once, then PostgreSQL's generic plan), except where the best plan
  // depends on a value the generic plan cannot see: common search words (`@@`: "séance" is
  // in 79 % of tickets, a rare word in 0.01 %), a category or an assignee (a new category or
  // a new admin has a handful of tickets: walking the date index to find 21 of them would
  // read the whole table), a student (the same), or tags (the same: a tag may be on 3 tickets or on 300 000).
  // Statuses and priorities are few and similar in size.
  const { filters } = options;
  // A search is never prepared: its snippet and ids depend on the words.
  const valueSensitive =
    filters.searchWords.length > 0 ||
    Boolean(filters.searchText) ||
    Boolean(filters.category || filters.assignee || filters.studentId || filters.tagIds?.length);
  const query = adminItemsQuery(
    viewerId,
    sql`
      select ${ADMIN_PAGE_COLUMNS}, array[${keyExpressionOf(SORT_KEYS[sort.key], "t")}] as sort_key
      from support_tickets t
      ${where}
      order by ${orderBy(sort, "t")}
      limit ${limitLiteral(options.limit + 1)}`,
    orderBy(sort, "p"),
    searchHitOf(filters),
  );
  const rows = valueSensitive ? (await tx.execute<TAdminRow>(query)).rows : await executePrepared<TAdminRow>(tx, query);
  return toPage(rows, options.limit, toAdminItem);
}

/** One row of the admin list as the list shows it (a quick action's result replaces the row in place). */
export async function selectAdminTicketListItem(
  tx: TTx,
  viewerId: string,
  ticketId: string,
): Promise<TAdminTicketListItem | null> {
  const query = adminItemsQuery(
    viewerId,
    sql`select ${ADMIN_PAGE_COLUMNS} from support_tickets t where t.id = ${ticketId}`,
    sql`p.id`,
  );
  const [row] = (await tx.execute<TAdminRow>(query)).rows;
  return row ? toAdminItem(row) : null;
}

/**
 * These tickets' rows as the list shows them, each with whether it matches `filters` now: an
 * open list's live updates (issue 14) put the rows it shows in place and count in its banner
 * only the others that match, whatever the filters (search words, dates, student, tags, SLA).
 */
export async function selectAdminListRowsByIds(
  tx: TTx,
  viewerId: string,
  filters: TAdminListFilters,
  ids: readonly string[],
): Promise<{ item: TAdminTicketListItem; matches: boolean }[]> {
  if (ids.length === 0) return [];
  const conditions = adminConditions(filters);
  const matches = conditions.length > 0 ? sql`coalesce((${sql.join(conditions, sql` and `)}), false)` : sql`true`;
  const query = adminItemsQuery(
    viewerId,
    sql`select ${ADMIN_PAGE_COLUMNS}, ${matches} as matches
        from support_tickets t where t.id = any(${`{${ids.join(",")}}`}::uuid[])`,
    sql`p.id`,
  );
  const rows = (await tx.execute<TAdminRow & { matches: boolean }>(query)).rows;
  return rows.map((row) => ({ item: toAdminItem(row), matches: row.matches }));
}

const ADMIN_PAGE_COLUMNS = sql`t.id, t.number, t.subject, t.category, t.status, t.priority, t.status_rank, t.priority_rank,
             t.user_id, t.assigned_to, t.created_at, t.updated_at, t.version, t.sla_due_at,
             t.first_response_breached or t.next_response_breached or t.resolution_breached as sla_breached,
             case t.sla_due_at when t.first_response_due_at then 'first_response'
               when t.next_response_due_at then 'next_response' when t.resolution_due_at then 'resolution' end as sla_clock`;

/**
 * The rows `page` picked (ADMIN_PAGE_COLUMNS of support_tickets t), with names, labels, tags and
 * the message counts joined for those rows only. "New request": no public message yet on a
 * ticket still waiting (the student's text is the ticket's description, not a message), from
 * the same LATERAL over (ticket_id, created_at) that counts the messages: no extra scan.
 */
function adminItemsQuery(viewerId: string, page: SQL, order: SQL, hit: SQL | null = null): SQL {
  return sql`
    with page as (${page})
    select p.*, ${hit ? sql`h.hit_where, h.hit_snippet,` : sql`null as hit_where, null as hit_snippet,`} s.name as student_name, s.email as student_email, a.name as assignee_name,
           mc.message_count, mc.last_message_at, c.label_fr as category_label_fr, c.label_en as category_label_en,
           mc.public_message_count = 0 and p.status in ('open', 'in_progress') as is_new_request,
           greatest(p.created_at, mc.last_student_message_at) > coalesce(
             (select r.last_read_at from ticket_reads r where r.ticket_id = p.id and r.user_id = ${viewerId}),
             '-infinity'::timestamptz) as unread,
           coalesce((select json_agg(json_build_object('id', g.id, 'name', g.name) order by lower(g.name), g.id)
                     from support_ticket_tags l join ticket_tags g on g.id = l.tag_id
                     where l.ticket_id = p.id), '[]'::json) as tags
    from page p
    join users s on s.id = p.user_id
    left join users a on a.id = p.assigned_to
    left join lateral (
      select count(*)::int as message_count, max(m.created_at) as last_message_at,
             count(*) filter (where not m.is_internal)::int as public_message_count,
             max(m.created_at) filter (where m.user_id = p.user_id) as last_student_message_at
      from ticket_messages m where m.ticket_id = p.id
    ) mc on true
    ${hit ? sql`left join lateral (${hit}) h on true` : sql``}
    left join ticket_categories c on c.slug = p.category
    order by ${order}
  `;
}

// ts_headline's marks: control characters, removed from the text first, so the client can cut
// the snippet into plain and marked pieces and render both as text (never as HTML).
const MARK_START = "\u0001";
const MARK_END = "\u0002";
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=1, MaxWords=24, MinWords=10, ShortWord=2, FragmentDelimiter=" … "`;

/**
 * Where a search hit on page row `p`, for the page's rows only (at most 21): the subject, else the
 * description (or subject and description together), else the newest matching message (an
 * internal note said as such), else the student. The snippet is ts_headline's, on the unstemmed
 * configuration (each typed word is a prefix of the words it marks), computed once, for the one
 * field picked.
 */
function searchHitOf(filters: TAdminListFilters): SQL | null {
  const { searchWords: words, searchText: text, searchMatches: matches } = filters;
  if (words.length === 0 && !text) return null;
  const query = words.length > 0 ? searchQuery(words) : null;
  const branches: SQL[] = [];
  if (query) {
    branches.push(sql`select 'subject' as hit_where, p.subject as body, 1 as rank
      where app.message_search_vector(p.subject) @@ ${query}`);
    branches.push(sql`select 'description', d.description, 2 from support_tickets d
      where d.id = p.id and d.search_vector @@ ${query}`);
    branches.push(sql`(select case when m.is_internal then 'internal_note' else 'message' end, m.message, 3
      from ticket_messages m where m.ticket_id = p.id and m.search_vector @@ ${query}
      order by m.created_at desc limit 1)`);
  }
  if (text && matches?.studentIds?.length !== 0) {
    branches.push(sql`select 'student', null, 4 where ${studentMatches("p", text, matches?.studentIds ?? null)}`);
  }
  if (branches.length === 0) return null;
  const headline = query
    ? sql`ts_headline('public.ticket_search_simple'::regconfig,
        translate(b.body, ${`${MARK_START}${MARK_END}`}, ''), ${query}, ${HEADLINE_OPTIONS})`
    : sql`null::text`;
  return sql`select b.hit_where, case when b.body is not null then ${headline} end as hit_snippet
    from (select * from (${sql.join(branches, sql` union all `)}) u order by u.rank limit 1) b`;
}

/** Cuts ts_headline's output at its marks (a stray mark is dropped: the text never had one). */
export function snippetPieces(headline: string): TSnippetPiece[] {
  const pieces: TSnippetPiece[] = [];
  let text = "";
  let marked = false;
  const flush = () => {
    if (text) pieces.push({ text, marked });
    text = "";
  };
  for (const char of headline) {
    if (char === MARK_START || char === MARK_END) {
      flush();
      marked = char === MARK_START;
    } else text += char;
  }
  flush();
  return pieces;
}

function toAdminItem(row: TAdminRow): TAdminTicketListItem {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    category: row.category,
    categoryLabel: labelOf(row),
    status: row.status,
    priority: row.priority,
    student: { id: row.user_id, name: row.student_name, email: row.student_email },
    assignee: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name ?? "" } : null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at ? new Date(row.last_message_at) : null,
    unread: row.unread,
    isNewRequest: row.is_new_request,
    tags: row.tags,
    sla: { dueAt: row.sla_due_at ? new Date(row.sla_due_at) : null, clock: row.sla_clock, breached: row.sla_breached },
    version: row.version,
    searchHit: row.hit_where
      ? { where: row.hit_where, snippet: row.hit_snippet ? snippetPieces(row.hit_snippet.trim()) : null }
      : null,
  };
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

/**
 * The dashboard's unresolved (open or in progress) total and counts by priority, each stopping
 * at `cap + 1` (shown as "cap+"). Counted by admin_unresolved_counts() (migration 0037) on the
 * partial index of unresolved tickets: under RLS the same counts took 89 ms at 1M tickets, 2-3 ms so.
 */
export async function countUnresolvedByPriority(tx: TTx, cap: number) {
  const result = await tx.execute<{ total: number } & Record<TTicketPriority, number>>(
    sql`select * from public.admin_unresolved_counts(${cap})`,
  );
  const row = result.rows[0];
  const byPriority = Object.fromEntries(TICKET_PRIORITIES.map((p) => [p, row?.[p] ?? 0])) as Record<
    TTicketPriority,
    number
  >;
  return { total: row?.total ?? 0, byPriority };
}

/** One line of the admin list's CSV export. */
export type TAdminExportRow = {
  number: number;
  subject: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  category: string;
  category_label_fr: string | null;
  category_label_en: string | null;
  student_name: string;
  student_email: string;
  assignee_name: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
};

/**
 * The admin list's rows with its filters and sort, for a cursor (no limit): the export reads it
 * batch by batch (src/server/db/cursor-stream.ts), under the admin's RLS. The sort's index
 * serves the order, so the first batch comes at once (a cursor plans for the first rows).
 */
export function adminExportQuery(filters: TAdminListFilters, sort: TSortSpec): SQL {
  const conditions = adminConditions(filters);
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  return sql`
    select t.number, t.subject, t.status, t.priority, t.category,
           c.label_fr as category_label_fr, c.label_en as category_label_en,
           s.name as student_name, s.email as student_email, a.name as assignee_name,
           t.created_at, t.updated_at, t.resolved_at
      from support_tickets t
      join users s on s.id = t.user_id
      left join users a on a.id = t.assigned_to
      left join ticket_categories c on c.slug = t.category
      ${where}
     order by ${orderBy(sort, "t")}
  `;
}
