import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import { parseInput } from "@/server/validation";
import { decodeCursor, encodeCursor } from "../cursor";
import type { TAdminTicketPage } from "../dto";
import { isSortKey, selectAdminTicketPage, selectSearchMatchIds, type TSortSpec } from "../repository";
import { PAGE_SIZE, type TAdminSort, type TAdminTicketsQuery, ZAdminTicketsQuery } from "../schemas";
import { buildSearchTerms } from "../search";
import { assertRole } from "./guards";

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
};

/**
 * Plan 3.2 getAllSupportTickets: filters (status, priority, category, assignee or
 * "unassigned", created-at day range, search over subject/description/number), sorts,
 * keyset pages of 20. No total count: counting a wide filter at a million rows is the slow
 * part of most help desks, and a "next page" cursor needs none.
 */
export async function getAllSupportTickets(
  user: TSessionUser,
  rawQuery: TAdminTicketsQuery = {},
): Promise<TAdminTicketPage> {
  assertRole(user, "admin");
  const query = parseInput(ZAdminTicketsQuery, rawQuery);
  const sort = SORTS[query.sort];
  const after = decodeCursor(query.cursor, query.sort, (key) => isSortKey(sort, key));
  const search = buildSearchTerms(query.search);
  return withUser(user.id, async (tx) => {
    const page = await selectAdminTicketPage(tx, user.id, {
      filters: {
        status: query.status,
        priority: query.priority,
        category: query.category,
        assignee: query.assignee,
        createdFrom: query.createdFrom,
        createdTo: query.createdTo,
        timeZone: env().APP_TIME_ZONE,
        searchWords: search.words,
        searchMatchIds: search.words.length > 0 ? await selectSearchMatchIds(tx, search.words) : null,
        searchNumber: search.ticketNumber,
      },
      sort,
      after,
      limit: PAGE_SIZE,
    });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(query.sort, page.nextKey) : null };
  });
}
