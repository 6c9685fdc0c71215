import "server-only";
import { createHash } from "node:crypto";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TUserListPage } from "../dto";
import { selectUserPage, USER_SORT_KEY } from "../repository";
import { type TUserListQuery, USER_LIST_PAGE_SIZE } from "../schemas";

/** Names the cursor's order and search, so a cursor of another list or search is refused. */
const cursorSortOf = (q: string | undefined) =>
  `users:${createHash("sha256")
    .update(q ?? "")
    .digest("base64url")
    .slice(0, 16)}`;

/** The accounts for admins (checked here and by RLS), newest first, in keyset pages. */
export async function listUsers(user: TSessionUser, query: TUserListQuery = {}): Promise<TUserListPage> {
  assertRole(user, "admin");
  const q = query.q || undefined;
  const after = decodeCursor(query.cursor, cursorSortOf(q), USER_SORT_KEY);
  return withUser(user, async (tx) => {
    const page = await selectUserPage(tx, { q, after, limit: USER_LIST_PAGE_SIZE });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(cursorSortOf(q), page.nextKey) : null };
  });
}
