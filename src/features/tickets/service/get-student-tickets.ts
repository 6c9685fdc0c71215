import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { decodeCursor, encodeCursor } from "@/server/db/keyset";
import { withUser } from "@/server/db/with-user";
import type { TStudentTicketPage } from "../dto";
import { countStudentTicketsByStatus, SORT_KEYS, STUDENT_LIST_SORT, selectStudentTicketPage } from "../repository";
import { PAGE_SIZE, type TStudentTicketsQuery } from "../schemas";

/** Cursors name their order; one made before migration 0014 ("updated_desc") is refused. */
const SORT = "public_activity_desc";

/** Plan 3.1 getStudentTickets: the student's own tickets, 20 per page, with counts per status. */
export async function getStudentTickets(
  user: TSessionUser,
  query: TStudentTicketsQuery = {},
): Promise<TStudentTicketPage> {
  assertRole(user, "student");
  const after = decodeCursor(query.cursor, SORT, SORT_KEYS[STUDENT_LIST_SORT.key]);
  return withUser(user, async (tx) => {
    const page = await selectStudentTicketPage(tx, user.id, { status: query.status, after, limit: PAGE_SIZE });
    return {
      items: page.items,
      nextCursor: page.nextKey ? encodeCursor(SORT, page.nextKey) : null,
      counts: await countStudentTicketsByStatus(tx, user.id),
    };
  });
}
