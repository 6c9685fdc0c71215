import "server-only";
import { sql } from "drizzle-orm";
import {
  initialSlaState,
  isSlaActiveStatus,
  slaBusinessSecondsOf,
  slaCheckAtOf,
  slaDueAtOf,
  type TSlaState,
  withSlaDueTimes,
} from "@/lib/sla-clock";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import { type TTx, withServiceRole } from "@/server/db/with-user";
import { calendarOf } from "../clock";
import { readSlaRules, type TSlaRules } from "../repository";
import type { TServiceTransaction } from "./escalate-sla";

// The clock of tickets that existed before migration 0025 (sla_computed_at IS NULL), computed
// from their history in batches, each its own transaction, on the partial index of tickets not
// computed yet. A ticket the pipeline computes meanwhile is skipped (the UPDATE re-checks it).

type TFactsRow = {
  id: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  category: string;
  created_at: Date | string;
  resolved_at: Date | string | null;
  updated_at: Date | string;
  first_team_reply_at: Date | string | null;
  waiting_since: Date | string | null;
  now: Date | string;
};

const dateOf = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * A ticket's clock from its row and messages: first response = the first public message by an
 * admin; a next-response cycle runs from the student's first message after the team's last public
 * one; a resolved or closed ticket is paused since it was resolved (earlier pauses are not in the
 * history's shape and count as running time). Flags: a clock met or stopped after its due time.
 */
export function backfilledSlaState(row: TFactsRow, rules: TSlaRules): TSlaState {
  const calendar = calendarOf(rules);
  const now = new Date(row.now);
  const firstResponseAt = dateOf(row.first_team_reply_at);
  const active = isSlaActiveStatus(row.status);
  const base: TSlaState = {
    ...initialSlaState(new Date(row.created_at)),
    firstResponseAt,
    nextResponseStartedAt: firstResponseAt && active ? dateOf(row.waiting_since) : null,
  };
  // Due times as if it had never paused, for the flags.
  const running = withSlaDueTimes(
    { ...base, status: "open", firstResponseAt: null },
    { calendar, policy: rules.policy, now },
  );
  const stoppedAt = active ? now : (dateOf(row.resolved_at) ?? new Date(row.updated_at));
  const late = (due: Date | null, at: Date) => due !== null && at.getTime() > due.getTime();
  const state: TSlaState = {
    ...base,
    status: row.status,
    pausedAt: active ? null : stoppedAt,
    firstResponseBreached: late(running.firstResponseDueAt, firstResponseAt ?? stoppedAt),
    resolutionBreached: late(running.resolutionDueAt, stoppedAt),
  };
  const computed = withSlaDueTimes(state, { calendar, policy: rules.policy, now });
  // A running next-response cycle already late is recorded as breached too: a first start on an
  // old database records every past breach silently; only breaches after this moment alert.
  return { ...computed, nextResponseBreached: late(computed.nextResponseDueAt, now) };
}

/** One batch: up to `batchSize` tickets not computed yet, oldest first. Returns how many were written. */
export async function backfillSlaBatch(tx: TTx, batchSize: number): Promise<{ scanned: number; written: number }> {
  const { rows } = await tx.execute<TFactsRow>(sql`
    select t.id, t.status, t.priority, t.category, t.created_at, t.resolved_at, t.updated_at, now() as now,
           fr.at as first_team_reply_at, ws.at as waiting_since
    from (select id from support_tickets where sla_computed_at is null order by created_at, id limit ${batchSize}) pick
    join support_tickets t on t.id = pick.id
    left join lateral (
      select min(m.created_at) as at from ticket_messages m join users a on a.id = m.user_id
      where m.ticket_id = t.id and not m.is_internal and a.role = 'admin'
    ) fr on true
    left join lateral (
      select min(m.created_at) as at from ticket_messages m
      where m.ticket_id = t.id and not m.is_internal and m.user_id = t.user_id
        and m.created_at > coalesce((select max(r.created_at) from ticket_messages r join users a on a.id = r.user_id
                                      where r.ticket_id = t.id and not r.is_internal and a.role = 'admin'), 'infinity')
    ) ws on true
    order by t.created_at, t.id`);
  if (rows.length === 0) return { scanned: 0, written: 0 };
  const rulesCache = new Map<string, TSlaRules>();
  const values = [];
  for (const row of rows) {
    const key = `${row.priority}:${row.category}`;
    let rules = rulesCache.get(key);
    if (!rules) {
      rules = await readSlaRules(tx, row.priority, row.category);
      rulesCache.set(key, rules);
    }
    const state = backfilledSlaState(row, rules);
    const business = slaBusinessSecondsOf(state, calendarOf(rules));
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    values.push({
      id: row.id,
      first_response_due_at: iso(state.firstResponseDueAt),
      first_response_at: iso(state.firstResponseAt),
      first_response_breached: state.firstResponseBreached,
      next_response_started_at: iso(state.nextResponseStartedAt),
      next_response_due_at: iso(state.nextResponseDueAt),
      resolution_due_at: iso(state.resolutionDueAt),
      resolution_breached: state.resolutionBreached,
      next_response_breached: state.nextResponseBreached,
      first_response_business_seconds: business.firstResponse,
      resolution_business_seconds: business.resolution,
      sla_paused_at: iso(state.pausedAt),
      sla_due_at: iso(slaDueAtOf(state)),
      sla_check_at: iso(slaCheckAtOf(state, rules.warningMinutes, null)),
    });
  }
  // One statement for the batch; the trigger keeps updated_at and version (only the clock moves).
  const written = await tx.execute(sql`
    update support_tickets t set
      first_response_due_at = x.first_response_due_at, first_response_at = x.first_response_at,
      first_response_breached = x.first_response_breached, next_response_started_at = x.next_response_started_at,
      next_response_due_at = x.next_response_due_at, next_response_breached = x.next_response_breached,
      first_response_business_seconds = x.first_response_business_seconds,
      resolution_business_seconds = x.resolution_business_seconds,
      resolution_due_at = x.resolution_due_at, resolution_breached = x.resolution_breached,
      sla_paused_at = x.sla_paused_at, sla_paused_seconds = 0, sla_due_at = x.sla_due_at,
      sla_check_at = x.sla_check_at, sla_computed_at = clock_timestamp()
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(
      id uuid, first_response_due_at timestamptz, first_response_at timestamptz, first_response_breached boolean,
      next_response_started_at timestamptz, next_response_due_at timestamptz, resolution_due_at timestamptz,
      resolution_breached boolean, next_response_breached boolean, first_response_business_seconds integer,
      resolution_business_seconds integer, sla_paused_at timestamptz, sla_due_at timestamptz, sla_check_at timestamptz)
    where t.id = x.id and t.sla_computed_at is null`);
  return { scanned: rows.length, written: written.rowCount ?? 0 };
}

/**
 * The second pass (migration 0034): clocks computed before the business times were stored get
 * them from their stored state (first response, stop time), on the partial index of those missing.
 */
export async function backfillSlaBusinessBatch(
  tx: TTx,
  batchSize: number,
): Promise<{ scanned: number; written: number }> {
  const { rows } = await tx.execute<{
    id: string;
    priority: TTicketPriority;
    category: string;
    status: TTicketStatus;
    created_at: Date | string;
    first_response_at: Date | string | null;
    sla_paused_at: Date | string | null;
  }>(sql`
    select t.id, t.priority, t.category, t.status, t.created_at, t.first_response_at, t.sla_paused_at
    from support_tickets t
    where t.sla_computed_at is not null
      and ((t.first_response_at is not null and t.first_response_business_seconds is null)
        or (t.sla_paused_at is not null and t.status not in ('open', 'in_progress') and t.resolution_business_seconds is null))
    order by t.id limit ${batchSize}
    for update of t skip locked`);
  if (rows.length === 0) return { scanned: 0, written: 0 };
  const rulesCache = new Map<string, TSlaRules>();
  const values = [];
  for (const row of rows) {
    const key = `${row.priority}:${row.category}`;
    let rules = rulesCache.get(key);
    if (!rules) {
      rules = await readSlaRules(tx, row.priority, row.category);
      rulesCache.set(key, rules);
    }
    const business = slaBusinessSecondsOf(
      {
        ...initialSlaState(new Date(row.created_at)),
        status: row.status,
        firstResponseAt: dateOf(row.first_response_at),
        pausedAt: dateOf(row.sla_paused_at),
      },
      calendarOf(rules),
    );
    values.push({ id: row.id, fr: business.firstResponse, res: business.resolution });
  }
  const written = await tx.execute(sql`
    update support_tickets t set
      first_response_business_seconds = coalesce(t.first_response_business_seconds, x.fr),
      resolution_business_seconds = coalesce(t.resolution_business_seconds, x.res)
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(id uuid, fr integer, res integer)
    where t.id = x.id`);
  return { scanned: rows.length, written: written.rowCount ?? 0 };
}

/** Backfills until no ticket is left or `maxBatches` ran (the job queues itself again then). */
export async function backfillSla(
  options: { batchSize?: number; maxBatches?: number; transaction?: TServiceTransaction } = {},
): Promise<{ written: number; more: boolean }> {
  const transaction = options.transaction ?? withServiceRole;
  const batchSize = options.batchSize ?? 500;
  let written = 0;
  for (let i = 0; i < (options.maxBatches ?? 20); i++) {
    const batch = await transaction((tx) => backfillSlaBatch(tx, batchSize));
    written += batch.written;
    if (batch.scanned < batchSize) {
      const business = await transaction((tx) => backfillSlaBusinessBatch(tx, batchSize));
      written += business.written;
      if (business.scanned < batchSize) return { written, more: false };
    }
  }
  return { written, more: true };
}
