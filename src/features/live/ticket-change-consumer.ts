import "server-only";
import { sql } from "drizzle-orm";
import type { TTicketChangeConsumer } from "@/server/events/ticket-events";
import { LIVE_TICKET_CHANNEL, type TTicketNotice } from "./channels";

/**
 * Announces each ticket event with NOTIFY in the change's own transaction: PostgreSQL delivers
 * it only at COMMIT, so a change that rolls back announces nothing. The payload names the
 * history row, the ticket and the type, never a text or a name: each listening process loads
 * what each viewer may see of it under that viewer's RLS.
 */
export const liveTicketChangeConsumer: TTicketChangeConsumer = {
  name: "live",
  async handle(tx, event) {
    const notice: TTicketNotice = { h: event.historyId, t: event.ticket.id, y: event.type };
    await tx.execute(sql`select pg_notify(${LIVE_TICKET_CHANNEL}, ${JSON.stringify(notice)})`);
  },
};
