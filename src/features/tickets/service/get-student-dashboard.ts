import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TCategory, TStudentTicketListItem } from "../dto";
import { selectCategories, selectStudentTickets } from "../repository";

export type TStudentDashboard = { tickets: TStudentTicketListItem[]; categories: TCategory[] };

export async function getStudentDashboard(user: TSessionUser): Promise<TStudentDashboard> {
  if (user.role !== "student") throw new AppError("FORBIDDEN");
  return withUser(user.id, async (tx) => ({
    tickets: await selectStudentTickets(tx, user.id, 50),
    categories: await selectCategories(tx),
  }));
}
