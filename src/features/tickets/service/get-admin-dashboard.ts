import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TAdminDashboard } from "../dto";
import {
  countUnresolvedByPriority,
  countUnresolvedTickets,
  selectAdminTicketPage,
  type TAdminListFilters,
} from "../repository";

/** Counts above this are shown as "1 000+". */
export const DASHBOARD_COUNT_CAP = 1000;
/** Rows in each of the dashboard's work lists, and in its newest tickets. */
export const DASHBOARD_LIST_SIZE = 8;
export const DASHBOARD_RECENT_SIZE = 10;

const UNRESOLVED: TAdminListFilters = { timeZone: "UTC", searchWords: [], searchNumber: null, unresolved: true };

/**
 * The admin's home: unresolved counts (total, by priority, by status, unassigned, mine), and
 * three short lists of unresolved tickets: assigned to the viewer (least recently updated
 * first), the oldest waiting for an answer, and the newest. Each on an index (migration 0037).
 */
export async function getAdminDashboard(user: TSessionUser): Promise<TAdminDashboard> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const list = (
      filters: Partial<TAdminListFilters>,
      sort: Parameters<typeof selectAdminTicketPage>[2]["sort"],
      limit = DASHBOARD_LIST_SIZE,
    ) => selectAdminTicketPage(tx, user.id, { filters: { ...UNRESOLVED, ...filters }, sort, after: null, limit });
    const assignedToMe = await list({ assignee: user.id }, { key: "updated", direction: "asc" });
    const awaitingReply = await list({ awaitingReply: true }, { key: "created", direction: "asc" });
    const recent = await list({}, { key: "created", direction: "desc" }, DASHBOARD_RECENT_SIZE);
    const unresolved = await countUnresolvedByPriority(tx, DASHBOARD_COUNT_CAP);
    return {
      counts: await countUnresolvedTickets(tx, user.id, DASHBOARD_COUNT_CAP),
      unresolved: unresolved.total,
      byPriority: unresolved.byPriority,
      countCap: DASHBOARD_COUNT_CAP,
      assignedToMe: assignedToMe.items,
      awaitingReply: awaitingReply.items,
      recent: recent.items,
    };
  });
}
