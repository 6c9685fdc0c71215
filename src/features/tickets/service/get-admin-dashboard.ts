import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import type { TAdminDashboard } from "../dto";
import { countUnresolvedTickets, selectAdminTicketPage } from "../repository";

/** Counts above this are shown as "1 000+". */
export const DASHBOARD_COUNT_CAP = 1000;

/** Unresolved counts (open, in progress, unassigned, mine) and the 10 newest tickets. */
export async function getAdminDashboard(user: TSessionUser): Promise<TAdminDashboard> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const recent = await selectAdminTicketPage(tx, user.id, {
      filters: { timeZone: "UTC", searchWords: [], searchNumber: null },
      sort: { key: "created", direction: "desc" },
      after: null,
      limit: 10,
    });
    return {
      counts: await countUnresolvedTickets(tx, user.id, DASHBOARD_COUNT_CAP),
      countCap: DASHBOARD_COUNT_CAP,
      recent: recent.items,
    };
  });
}
