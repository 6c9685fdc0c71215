import "server-only";
import { sql } from "drizzle-orm";
import { runningSlaClocks, slaBusinessSecondsOf, slaCheckAtOf, slaDueAtOf, type TSlaState } from "@/lib/sla-clock";
import type { TSlaClock } from "@/lib/sla-values";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import { type TTx, withServiceRole } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";
import { calendarOf } from "../clock";
import { readSlaRules, storedSlaOf, type TSlaRules, writeTicketSla } from "../repository";

/** The port the worker fills with the tickets pipeline's emitTicketEvent (as the system). */
export type TEmitSlaEvent = (
  tx: TTx,
  event: { type: "sla_warning" | "sla_breached"; ticket: TTicketSnapshot; clock: TSlaClock; dueAt: Date },
) => Promise<unknown>;

export type TEscalationResult = { checked: number; warnings: number; breaches: number };

type TDueRow = Parameters<typeof storedSlaOf>[0] & {
  id: string;
  number: number;
  user_id: string;
  user_email: string | null;
  subject: string;
  assigned_to: string | null;
  appointment_id: string | null;
  order_id: string | null;
  version: number;
  now: Date | string;
};

/** Records an alert; false when that (ticket, clock, due time, stage) was already sent. */
async function recordAlert(tx: TTx, ticketId: string, clock: TSlaClock, dueAt: Date, stage: "warning" | "breached") {
  const result = await tx.execute(sql`
    insert into ticket_sla_alerts (ticket_id, clock, due_at, stage)
    values (${ticketId}, ${clock}, ${dueAt.toISOString()}::timestamptz, ${stage})
    on conflict do nothing
    returning 1 as inserted`);
  return result.rows.length === 1;
}

const BREACH_FLAG: Record<TSlaClock, keyof TSlaState> = {
  first_response: "firstResponseBreached",
  next_response: "nextResponseBreached",
  resolution: "resolutionBreached",
};

/**
 * One pass of the escalation job: every ticket whose next look (sla_check_at) has come, on its
 * partial index, row-locked with SKIP LOCKED (a second worker takes other tickets or none). For
 * each running clock: past its due time → record the breach (flag + ticket.sla_breached event);
 * inside the warning window → a warning. The alert table makes each (clock, due time, stage) go
 * out once, whatever the workers and retries; the event goes through the tickets pipeline
 * (history, webhook, email to the assignee or every admin) in the same transaction.
 */
/** Runs one service-role transaction (the app pool's withServiceRole, or the worker's connection). */
export type TServiceTransaction = <T>(work: (tx: TTx) => Promise<T>) => Promise<T>;

export async function escalateSla(
  emit: TEmitSlaEvent,
  options: { batchSize?: number; maxBatches?: number; transaction?: TServiceTransaction } = {},
): Promise<TEscalationResult> {
  const transaction = options.transaction ?? withServiceRole;
  const batchSize = options.batchSize ?? 100;
  const total: TEscalationResult = { checked: 0, warnings: 0, breaches: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const done = await transaction((tx) => escalateBatch(tx, emit, batchSize));
    total.checked += done.checked;
    total.warnings += done.warnings;
    total.breaches += done.breaches;
    if (done.checked < batchSize) break;
  }
  return total;
}

async function escalateBatch(tx: TTx, emit: TEmitSlaEvent, batchSize: number): Promise<TEscalationResult> {
  const { rows } = await tx.execute<TDueRow>(sql`
    select t.id, t.number, t.user_id, u.email as user_email, t.subject, t.category, t.status, t.priority,
           t.assigned_to, t.appointment_id, t.order_id, t.created_at, t.version,
           t.first_response_at, t.first_response_due_at, t.first_response_breached, t.next_response_started_at,
           t.next_response_due_at, t.next_response_breached, t.resolution_due_at, t.resolution_breached,
           t.sla_paused_at, t.sla_paused_seconds, t.sla_computed_at, now() as now
    from support_tickets t
    join users u on u.id = t.user_id
    where t.sla_check_at is not null and t.sla_check_at <= now()
    order by t.sla_check_at
    limit ${batchSize}
    for update of t skip locked`);
  const result: TEscalationResult = { checked: rows.length, warnings: 0, breaches: 0 };
  const rulesCache = new Map<string, TSlaRules>();
  for (const row of rows) {
    const now = new Date(row.now);
    const { state, priority, category } = storedSlaOf(row);
    const rulesKey = `${priority}:${category}`;
    let rules = rulesCache.get(rulesKey);
    if (!rules) {
      rules = await readSlaRules(tx, priority as TTicketPriority, category);
      rulesCache.set(rulesKey, rules);
    }
    const ticket: TTicketSnapshot = {
      id: row.id,
      number: row.number,
      userId: row.user_id,
      userEmail: row.user_email,
      subject: row.subject,
      category: row.category,
      status: row.status as TTicketStatus,
      priority: row.priority as TTicketPriority,
      assignedTo: row.assigned_to,
      appointmentId: row.appointment_id,
      orderId: row.order_id,
      createdAt: new Date(row.created_at),
      version: row.version,
    };
    const next: TSlaState = { ...state };
    for (const clock of runningSlaClocks(state)) {
      if (clock.breached) continue;
      const warnAt = clock.dueAt.getTime() - rules.warningMinutes * 60_000;
      if (now.getTime() >= clock.dueAt.getTime()) {
        (next[BREACH_FLAG[clock.clock]] as boolean) = true;
        if (await recordAlert(tx, row.id, clock.clock, clock.dueAt, "breached")) {
          await emit(tx, { type: "sla_breached", ticket, clock: clock.clock, dueAt: clock.dueAt });
          result.breaches++;
        }
      } else if (rules.warningMinutes > 0 && now.getTime() >= warnAt) {
        if (await recordAlert(tx, row.id, clock.clock, clock.dueAt, "warning")) {
          await emit(tx, { type: "sla_warning", ticket, clock: clock.clock, dueAt: clock.dueAt });
          result.warnings++;
        }
      }
    }
    await writeTicketSla(tx, row.id, next, {
      slaDueAt: slaDueAtOf(next),
      slaCheckAt: slaCheckAtOf(next, rules.warningMinutes, now),
      businessSeconds: slaBusinessSecondsOf(next, calendarOf(rules)),
    });
  }
  return result;
}
