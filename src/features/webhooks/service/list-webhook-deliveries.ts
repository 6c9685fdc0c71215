import "server-only";
import { decodeCursor, encodeCursor } from "@/features/tickets/cursor";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput } from "@/server/validation";
import type { TWebhookDeliveryPage } from "../dto";
import { isDeliverySortKey, selectDeliveryPage } from "../repository";
import { type TWebhookDeliveriesQuery, WEBHOOK_LOG_PAGE_SIZE, ZWebhookDeliveriesQuery } from "../schemas";
import { assertAdmin } from "./assert-admin";

/** Names the cursor's order, so a cursor of another list is refused. */
const CURSOR_SORT = "webhooks.created_desc";

/**
 * The delivery log: events newest first, filtered by type and state, in keyset pages of 20.
 * No total count (see docs/webhooks.md): a "next page" cursor needs none.
 */
export async function listWebhookDeliveries(
  user: TSessionUser,
  rawQuery: TWebhookDeliveriesQuery = {},
): Promise<TWebhookDeliveryPage> {
  assertAdmin(user);
  const query = parseInput(ZWebhookDeliveriesQuery, rawQuery);
  const after = decodeCursor(query.cursor, CURSOR_SORT, isDeliverySortKey);
  return withUser(user.id, async (tx) => {
    const page = await selectDeliveryPage(tx, {
      type: query.type,
      state: query.state,
      after,
      limit: WEBHOOK_LOG_PAGE_SIZE,
    });
    return { items: page.items, nextCursor: page.nextKey ? encodeCursor(CURSOR_SORT, page.nextKey) : null };
  });
}
