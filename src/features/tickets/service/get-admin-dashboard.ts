import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TAdminTicketListItem, TCategory, TStatusCounts } from "../dto";
import { countTicketsByStatus, selectCategories, selectRecentTickets } from "../repository";

export type TAdminDashboard = { counts: TStatusCounts; recent: TAdminTicketListItem[]; categories: TCategory[] };

export async function getAdminDashboard(user: TSessionUser): Promise<TAdminDashboard> {
  if (user.role !== "admin") throw new AppError("FORBIDDEN");
  return withUser(user.id, async (tx) => ({
    counts: await countTicketsByStatus(tx),
    recent: await selectRecentTickets(tx, 10),
    categories: await selectCategories(tx),
  }));
}
