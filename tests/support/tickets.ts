/**
 * Helpers for the ticket service tests: read what the database holds (as service_role,
 * behind the policies), check AppErrors exactly, and inject a failure into the history
 * insert to prove a service's writes commit or roll back together.
 */
import { expect } from "vitest";
import type { TTicketEventType } from "@/server/db/schema";
import { AppError, toAppError } from "@/server/errors";
import { asServiceRole, rowsOf, sqlState, type TRow, testPool } from "./db";

/** Rows of a read-only statement run as service_role (RLS bypassed): what is really stored. */
export async function storedRows<R extends TRow = TRow>(text: string, params: unknown[] = []): Promise<R[]> {
  return rowsOf(await asServiceRole<R>(text, params));
}

/** One stored row, or a failing assertion when there is not exactly one. */
export async function storedRow<R extends TRow = TRow>(text: string, params: unknown[] = []): Promise<R> {
  const rows = await storedRows<R>(text, params);
  expect(rows).toHaveLength(1);
  return rows[0] as R;
}

export type TTicketFootprint = { tickets: number; messages: number; events: number; reads: number };

/** How many ticket rows, messages, events and read markers a user has: "nothing was inserted" checks. */
export async function footprintOf(userId: string): Promise<TTicketFootprint> {
  return storedRow<TTicketFootprint>(
    `select (select count(*) from support_tickets where user_id = $1)::int as tickets,
            (select count(*) from ticket_messages where user_id = $1)::int as messages,
            (select count(*) from ticket_events where actor_id = $1)::int as events,
            (select count(*) from ticket_reads where user_id = $1)::int as reads`,
    [userId],
  );
}

/** The service must throw AppError("VALIDATION") with exactly these field errors (i18n keys). */
export async function expectValidation(promise: Promise<unknown>, fieldErrors: Record<string, string>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, "expected the call to throw AppError(VALIDATION)").toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, fieldErrors: appError.details?.fieldErrors }).toEqual({
    code: "VALIDATION",
    fieldErrors,
  });
}

/**
 * For failures raised by PostgreSQL itself (a policy, a trigger): the code the action layer
 * shows (toAppError) and the SQLSTATE behind it.
 */
export async function databaseFailureOf(promise: Promise<unknown>): Promise<{ code: string; sqlState?: string }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason ?? new Error("rejected without a reason"),
  );
  if (error === undefined) throw new Error("expected the call to fail, it succeeded");
  return { code: toAppError(error).code, sqlState: sqlState(error) };
}

/**
 * Gives the tickets one and the same public_activity_at: one microsecond after the latest of
 * `userId`'s tickets (so still in the past). The guard trigger dates every update with
 * clock_timestamp(), so this runs with triggers off (session_replication_role = replica,
 * transaction-local; the test connection is a superuser).
 */
export async function tiePublicActivityAt(userId: string, ticketIds: string[]): Promise<void> {
  const client = await testPool().connect();
  try {
    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    await client.query(
      `update public.support_tickets
          set public_activity_at = (select max(public_activity_at) from public.support_tickets where user_id = $1)
                                   + interval '1 microsecond'
        where user_id = $1 and id = any($2::uuid[])`,
      [userId, ticketIds],
    );
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export const INJECTED_FAULT_SQLSTATE = "TZ999";

/** Put this in a ticket's subject to make inserting a history event of `type` on that ticket fail. */
export function faultMarker(type: TTicketEventType): string {
  return `[panne:${type}]`;
}

/**
 * Installs a trigger that fails any ticket_events insert whose ticket subject carries
 * faultMarker(type). Tickets without a marker are untouched. Returns the uninstaller.
 */
export async function installEventFault(): Promise<() => Promise<void>> {
  const pool = testPool();
  await pool.query(`
    create or replace function public.test_inject_ticket_event_fault() returns trigger
    language plpgsql security definer set search_path = '' as $$
    begin
      if exists (
        select 1 from public.support_tickets t
        where t.id = new.ticket_id and position('[panne:' || new.type::text || ']' in t.subject) > 0
      ) then
        raise exception 'injected failure for % event', new.type using errcode = '${INJECTED_FAULT_SQLSTATE}';
      end if;
      return new;
    end
    $$`);
  await pool.query(`drop trigger if exists test_inject_ticket_event_fault on public.ticket_events`);
  await pool.query(`create trigger test_inject_ticket_event_fault before insert on public.ticket_events
    for each row execute function public.test_inject_ticket_event_fault()`);
  return async () => {
    await pool.query(`drop trigger if exists test_inject_ticket_event_fault on public.ticket_events`);
    await pool.query(`drop function if exists public.test_inject_ticket_event_fault()`);
  };
}
