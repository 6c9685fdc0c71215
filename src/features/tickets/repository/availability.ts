import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { adminAvailability, supportTickets } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";

/** An admin's availability (issue 15); no row means available, no capacity, keep tickets. */
export type TAdminAvailability = { isAway: boolean; maxOpenTickets: number | null; releaseOnAway: boolean };

export async function findAvailability(tx: TTx, userId: string): Promise<TAdminAvailability> {
  const [row] = await tx
    .select({
      isAway: adminAvailability.isAway,
      maxOpenTickets: adminAvailability.maxOpenTickets,
      releaseOnAway: adminAvailability.releaseOnAway,
    })
    .from(adminAvailability)
    .where(eq(adminAvailability.userId, userId));
  return row ?? { isAway: false, maxOpenTickets: null, releaseOnAway: false };
}

/** Writes the admin's own row (RLS: only their own) and returns what it was before. */
export async function saveAvailability(tx: TTx, userId: string, values: TAdminAvailability): Promise<void> {
  await tx
    .insert(adminAvailability)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: adminAvailability.userId, set: { ...values, updatedAt: sql`now()` } });
}

/** The admin's open and in-progress tickets (the (assigned_to, status) index), oldest first. */
export async function selectOpenTicketIdsOf(tx: TTx, userId: string, limit: number): Promise<string[]> {
  const rows = await tx
    .select({ id: supportTickets.id })
    .from(supportTickets)
    .where(and(eq(supportTickets.assignedTo, userId), inArray(supportTickets.status, ["open", "in_progress"])))
    .orderBy(asc(supportTickets.createdAt))
    .limit(limit);
  return rows.map((row) => row.id);
}
