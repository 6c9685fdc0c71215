import "server-only";
import type { TTx } from "@/server/db/with-user";
import { insertTicketEvent, type TNewTicketEvent } from "../repository";

/**
 * Writes one history row, in the caller's transaction: a change never commits without
 * its history, and a rolled-back change leaves none.
 */
export async function recordTicketEvent(tx: TTx, event: TNewTicketEvent) {
  return insertTicketEvent(tx, event);
}
