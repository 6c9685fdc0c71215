import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TEmailLogPage } from "../dto";
import { EMAIL_LOG_SORT_KEY, selectEmailLogPage } from "../repository";
import { EMAIL_LOG_PAGE_SIZE, type TEmailLogQuery } from "../schemas";

const CURSOR_SORT = "emails.created_desc";

/** The admin "Courriels" log: newest first, keyset pages of 20, no total count. */
export async function listEmailLog(user: TSessionUser, query: TEmailLogQuery = {}): Promise<TEmailLogPage> {
  assertRole(user, "admin");
  const after = decodeCursor(query.cursor, CURSOR_SORT, EMAIL_LOG_SORT_KEY);
  return withUser(user, async (tx) => {
    const { cursor: _cursor, ...filters } = query;
    const page = await selectEmailLogPage(tx, { after, limit: EMAIL_LOG_PAGE_SIZE, filters });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(CURSOR_SORT, page.nextKey) : null };
  });
}
