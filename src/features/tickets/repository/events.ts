import "server-only";
import { asc, eq } from "drizzle-orm";
import { type TTicketEventType, ticketEvents, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TTicketHistoryItem } from "../dto";

export type TNewTicketEvent = {
  ticketId: string;
  actorId: string;
  type: TTicketEventType;
  fromValue?: string | null;
  toValue?: string | null;
  reason?: string | null;
  messageId?: string | null;
};

export async function insertTicketEvent(tx: TTx, event: TNewTicketEvent) {
  const [row] = await tx
    .insert(ticketEvents)
    .values({
      ticketId: event.ticketId,
      actorId: event.actorId,
      type: event.type,
      fromValue: event.fromValue ?? null,
      toValue: event.toValue ?? null,
      reason: event.reason ?? null,
      messageId: event.messageId ?? null,
    })
    .returning({ id: ticketEvents.id, createdAt: ticketEvents.createdAt });
  if (!row) throw new Error("insert into ticket_events returned no row");
  return row;
}

export async function selectTicketHistory(tx: TTx, ticketId: string): Promise<TTicketHistoryItem[]> {
  return tx
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      fromValue: ticketEvents.fromValue,
      toValue: ticketEvents.toValue,
      reason: ticketEvents.reason,
      messageId: ticketEvents.messageId,
      createdAt: ticketEvents.createdAt,
      actorId: ticketEvents.actorId,
      actorName: users.name,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
}
