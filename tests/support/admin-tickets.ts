/**
 * Helpers for the admin-side ticket tests (tests/integration/tickets-admin-*.test.ts):
 * reading what the database holds behind the policies (as service_role), setting the
 * timestamps a test needs, and holding a ticket's row lock so that two service calls
 * provably race for it.
 */
import { expect } from "vitest";
import { asServiceRole, rowsOf, testPool } from "./db";

export type TStoredTicket = {
  id: string;
  number: number;
  status: string;
  priority: string;
  assigned_to: string | null;
  category: string;
  version: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
};

export type TStoredEvent = {
  type: string;
  actor_id: string | null;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  message_id: string | null;
};

/** The ticket as stored. */
export async function storedTicket(ticketId: string): Promise<TStoredTicket> {
  const [row] = rowsOf(
    await asServiceRole<TStoredTicket>(
      `select id, number, status::text, priority::text, assigned_to, category, version, created_at, updated_at, resolved_at
         from public.support_tickets where id = $1`,
      [ticketId],
    ),
  );
  if (!row) throw new Error(`ticket ${ticketId} not found`);
  return row;
}

/** The ticket's history rows, oldest first. */
export async function storedEvents(ticketId: string): Promise<TStoredEvent[]> {
  return rowsOf(
    await asServiceRole<TStoredEvent>(
      `select type::text, actor_id, from_value, to_value, reason, message_id
         from public.ticket_events where ticket_id = $1 order by created_at, id`,
      [ticketId],
    ),
  );
}

/** Sets created_at (as service_role, which the guard trigger trusts with it). */
export async function setCreatedAt(ticketIds: string[], createdAt: Date | string): Promise<void> {
  rowsOf(
    await asServiceRole(
      "update public.support_tickets set created_at = $2::timestamptz where id = any($1::uuid[])",
      [ticketIds, createdAt instanceof Date ? createdAt.toISOString() : createdAt],
      { commit: true },
    ),
  );
}

/**
 * Sets updated_at to one instant for all `ticketIds`, bypassing the guard trigger (which
 * dates every update with clock_timestamp()); needs the connecting superuser.
 */
export async function setUpdatedAt(ticketIds: string[], updatedAt: string): Promise<void> {
  const client = await testPool().connect();
  try {
    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    await client.query("update public.support_tickets set updated_at = $2::timestamptz where id = any($1::uuid[])", [
      ticketIds,
      updatedAt,
    ]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

/** Moves updated_at to the clock (the trigger's doing) for `ticketIds`. */
export async function touchTickets(ticketIds: string[]): Promise<void> {
  rowsOf(
    await asServiceRole("update public.support_tickets set subject = subject where id = any($1::uuid[])", [ticketIds], {
      commit: true,
    }),
  );
}

/** When each history row of the ticket was written, oldest first. */
export async function storedEventTimes(ticketId: string): Promise<Date[]> {
  const rows = rowsOf(
    await asServiceRole<{ created_at: Date }>(
      "select created_at from public.ticket_events where ticket_id = $1 order by created_at, id",
      [ticketId],
    ),
  );
  return rows.map((row) => row.created_at);
}

export type THeldLock = { release: () => Promise<Date> };

/** Locks the ticket row FOR UPDATE in a transaction of its own until `release()`, which says when (database clock). */
export async function holdTicketLock(ticketId: string): Promise<THeldLock> {
  const client = await testPool().connect();
  await client.query("begin");
  await client.query("select id from public.support_tickets where id = $1 for update", [ticketId]);
  return {
    release: async () => {
      try {
        const { rows } = await client.query<{ at: Date }>("select clock_timestamp() as at");
        await client.query("commit");
        return rows[0]?.at ?? new Date(0);
      } finally {
        client.release();
      }
    },
  };
}

/** Waits until `count` of the app's connections are waiting on a lock in this database. */
export async function waitForLockWaiters(count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await testPool().query<{ waiting: number }>(
      `select count(*)::int as waiting from pg_stat_activity
        where datname = current_database() and application_name = 'support-tickets' and wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} transactions waiting on a lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Asserts a service call fails with AppError(code) and, when given, these field errors. */
export async function expectAppError(
  promise: Promise<unknown>,
  code: string,
  fieldErrors?: Record<string, string>,
): Promise<void> {
  await expect(promise).rejects.toMatchObject(
    fieldErrors ? { name: "AppError", code, details: { fieldErrors } } : { name: "AppError", code },
  );
}
