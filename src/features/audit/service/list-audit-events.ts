import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TAuditEventPage } from "../dto";
import { AUDIT_SORT_KEY, selectAuditPage } from "../repository";
import { AUDIT_LOG_PAGE_SIZE, type TAuditLogQuery } from "../schemas";

/** Names the cursor's order, so a cursor of another list is refused. */
const CURSOR_SORT = "audit.created_desc";

/** The audit log for admins (checked here and by RLS), newest first, in keyset pages. */
export async function listAuditEvents(user: TSessionUser, query: TAuditLogQuery = {}): Promise<TAuditEventPage> {
  assertRole(user, "admin");
  const after = decodeCursor(query.cursor, CURSOR_SORT, AUDIT_SORT_KEY);
  return withUser(user, async (tx) => {
    const page = await selectAuditPage(tx, { type: query.type, after, limit: AUDIT_LOG_PAGE_SIZE });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(CURSOR_SORT, page.nextKey) : null };
  });
}
