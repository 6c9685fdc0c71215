import "server-only";
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { type TTicketEventType, ticketEvents, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TTicketHistoryItem } from "../dto";

export type TNewTicketEvent = {
  ticketId: string;
  /** null: the system (a scheduled job) or an auto-assignment rule (ruleId and ruleName say which). */
  actorId: string | null;
  ruleId?: string | null;
  ruleName?: string | null;
  type: TTicketEventType;
  fromValue?: string | null;
  toValue?: string | null;
  reason?: string | null;
  messageId?: string | null;
};

/**
 * No RETURNING: PostgreSQL checks a returned row against the SELECT policy too, and only
 * admins may read history, so a student's own `created`/`message_added` event would be
 * refused. The id is made here instead.
 *
 * created_at is the insert's own clock, not now() (the transaction's start): an admin's
 * change that waited for another's row lock started first but happened second, and two
 * events of one transaction (a reply that reopens) must keep their order in the timeline.
 */
export async function insertTicketEvent(tx: TTx, event: TNewTicketEvent): Promise<{ id: string }> {
  const id = randomUUID();
  await tx.insert(ticketEvents).values({
    id,
    ticketId: event.ticketId,
    actorId: event.actorId,
    type: event.type,
    fromValue: event.fromValue ?? null,
    toValue: event.toValue ?? null,
    reason: event.reason ?? null,
    messageId: event.messageId ?? null,
    ruleId: event.ruleId ?? null,
    ruleName: event.ruleName ?? null,
    createdAt: sql`clock_timestamp()`,
  });
  return { id };
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
      ruleName: ticketEvents.ruleName,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
}
