import "server-only";
import { sql } from "drizzle-orm";
import { ticketReads } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";

/** Records that `userId` has now read the ticket (drives unread indicators). */
export async function markTicketRead(tx: TTx, ticketId: string, userId: string): Promise<void> {
  await tx
    .insert(ticketReads)
    .values({ ticketId, userId, lastReadAt: sql`clock_timestamp()` })
    .onConflictDoUpdate({
      target: [ticketReads.ticketId, ticketReads.userId],
      set: { lastReadAt: sql`greatest(${ticketReads.lastReadAt}, clock_timestamp())` },
    });
}
