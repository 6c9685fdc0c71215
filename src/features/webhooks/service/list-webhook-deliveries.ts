import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TWebhookDeliveryPage } from "../dto";
import { DELIVERY_SORT_KEY, selectDeliveryPage } from "../repository";
import { type TWebhookDeliveriesQuery, WEBHOOK_LOG_PAGE_SIZE } from "../schemas";

/** Names the cursor's order, so a cursor of another list is refused. */
const CURSOR_SORT = "webhooks.created_desc";

/**
 * The delivery log: events newest first, filtered by type and state, in keyset pages of 20.
 * No total count (see docs/webhooks.md): a "next page" cursor needs none.
 */
export async function listWebhookDeliveries(
  user: TSessionUser,
  query: TWebhookDeliveriesQuery = {},
): Promise<TWebhookDeliveryPage> {
  assertRole(user, "admin");
  const after = decodeCursor(query.cursor, CURSOR_SORT, DELIVERY_SORT_KEY);
  return withUser(user, async (tx) => {
    const page = await selectDeliveryPage(tx, {
      type: query.type,
      state: query.state,
      after,
      limit: WEBHOOK_LOG_PAGE_SIZE,
    });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(CURSOR_SORT, page.nextKey) : null };
  });
}
