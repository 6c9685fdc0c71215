import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TInAppPage } from "../dto";
import { countUnreadInApp, IN_APP_SORT_KEY, markInAppRead, selectInAppPage } from "../repository";
import { IN_APP_PAGE_SIZE } from "../schemas";

const CURSOR_SORT = "notifications.created_desc";

/** The bell: the user's own notifications, newest first, and how many are unread (RLS: only theirs). */
export async function listInAppNotifications(user: TSessionUser, query: { cursor?: string } = {}): Promise<TInAppPage> {
  const after = decodeCursor(query.cursor, CURSOR_SORT, IN_APP_SORT_KEY);
  return withUser(user, async (tx) => {
    const page = await selectInAppPage(tx, user.id, { after, limit: IN_APP_PAGE_SIZE });
    return {
      items: page.items,
      nextCursor: page.nextKey ? encodeCursor(CURSOR_SORT, page.nextKey) : null,
      unread: await countUnreadInApp(tx, user.id),
    };
  });
}

export async function countUnreadNotifications(user: TSessionUser): Promise<number> {
  return withUser(user, (tx) => countUnreadInApp(tx, user.id));
}

/** Marks one notification (or, without an id, all of them) read; returns the unread count left. */
export async function markNotificationsRead(user: TSessionUser, id: string | null): Promise<{ unread: number }> {
  return withUser(user, async (tx) => {
    await markInAppRead(tx, user.id, id);
    return { unread: await countUnreadInApp(tx, user.id) };
  });
}
