import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { type TTx, withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import type { TAdminTicketPage } from "../dto";
import {
  SORT_KEYS,
  selectAdminTicketPage,
  selectSearchMatches,
  type TAdminListFilters,
  type TSortSpec,
} from "../repository";
import { PAGE_SIZE, type TAdminSort, type TAdminTicketsQuery } from "../schemas";
import { buildSearchTerms } from "../search";

const SORTS: Record<TAdminSort, TSortSpec> = {
  created_desc: { key: "created", direction: "desc" },
  created_asc: { key: "created", direction: "asc" },
  updated_desc: { key: "updated", direction: "desc" },
  updated_asc: { key: "updated", direction: "asc" },
  // Enum order is low < medium < high < urgent, so "desc" puts urgent first.
  priority_desc: { key: "priority", direction: "desc" },
  priority_asc: { key: "priority", direction: "asc" },
  status_asc: { key: "status", direction: "asc" },
  status_desc: { key: "status", direction: "desc" },
  due_soonest: { key: "slaDue", direction: "asc" },
};

export function adminSortOf(sort: TAdminSort | undefined): TSortSpec {
  return SORTS[sort ?? "created_desc"];
}

/**
 * Plan 3.2 getAllSupportTickets: filters (status, priority, category, assignee or
 * "unassigned", created-at day range, search over subject, description, messages (internal notes
 * included), the student's name or email and the number), sorts,
 * keyset pages of 20. No total count: counting a wide filter at a million rows is the slow
 * part of most help desks, and a "next page" cursor needs none.
 */
export async function getAllSupportTickets(
  user: TSessionUser,
  query: TAdminTicketsQuery = {},
): Promise<TAdminTicketPage> {
  assertRole(user, "admin");
  const sortName = query.sort ?? "created_desc";
  const sort = SORTS[sortName];
  const after = decodeCursor(query.cursor, sortName, SORT_KEYS[sort.key]);
  return withUser(user, async (tx) => {
    const page = await selectAdminTicketPage(tx, user.id, {
      filters: await adminListFiltersFor(tx, query),
      sort,
      after,
      limit: PAGE_SIZE,
    });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(sortName, page.nextKey) : null };
  });
}

/**
 * The list query's filters as the repository takes them (rare search words as their ticket
 * ids): the list, a saved view's count and the CSV export use the same.
 */
export async function adminListFiltersFor(
  tx: TTx,
  query: Omit<TAdminTicketsQuery, "cursor">,
): Promise<TAdminListFilters> {
  const search = buildSearchTerms(query.search);
  return {
    status: query.status,
    priority: query.priority,
    category: query.category,
    assignee: query.assignee,
    studentId: query.student,
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
    sla: query.sla,
    timeZone: env().APP_TIME_ZONE,
    searchWords: search.words,
    searchText: search.studentText,
    searchMatches:
      search.words.length > 0 || search.studentText
        ? await selectSearchMatches(tx, search.words, search.studentText)
        : null,
    searchNumber: search.ticketNumber,
    tagIds: query.tags,
    tagMode: query.tagMode,
  };
}
