import "server-only";
import { sql } from "drizzle-orm";
import { isValidWeeklyHours, type TWeeklyHours } from "@/lib/business-hours";
import type { TSlaState } from "@/lib/sla-clock";
import type { TSlaDurations } from "@/lib/sla-values";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";

// The SLA feature's SQL: the clock's state on support_tickets, the rules it computes with
// (app.sla_rules, readable by whoever changes a ticket), and the admin settings.

export type TSlaRules = {
  policy: TSlaDurations;
  weekly: TWeeklyHours;
  statutory: boolean;
  warningMinutes: number;
  addedDays: string[];
};

/** The policy of (priority, category), else the priority's default, with the calendar. */
export async function readSlaRules(tx: TTx, priority: TTicketPriority, category: string): Promise<TSlaRules> {
  const result = await tx.execute<{ rules: TSlaRules | null }>(
    sql`select app.sla_rules(${priority}::public.ticket_priority, ${category}) as rules`,
  );
  const rules = result.rows[0]?.rules;
  if (!rules?.policy || !isValidWeeklyHours(rules.weekly)) throw new Error("SLA rules missing or malformed");
  return rules;
}

type TSlaRow = {
  status: TTicketStatus;
  priority: TTicketPriority;
  category: string;
  created_at: Date | string;
  first_response_at: Date | string | null;
  first_response_due_at: Date | string | null;
  first_response_breached: boolean;
  next_response_started_at: Date | string | null;
  next_response_due_at: Date | string | null;
  next_response_breached: boolean;
  resolution_due_at: Date | string | null;
  resolution_breached: boolean;
  sla_paused_at: Date | string | null;
  sla_paused_seconds: number;
  sla_computed_at: Date | string | null;
};

const SLA_COLUMNS = sql.raw(`t.status, t.priority, t.category, t.created_at, t.first_response_at,
  t.first_response_due_at, t.first_response_breached, t.next_response_started_at, t.next_response_due_at,
  t.next_response_breached, t.resolution_due_at, t.resolution_breached, t.sla_paused_at, t.sla_paused_seconds,
  t.sla_computed_at`);

const dateOf = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

export type TStoredSla = { state: TSlaState; priority: TTicketPriority; category: string; computed: boolean };

export function storedSlaOf(row: TSlaRow): TStoredSla {
  return {
    priority: row.priority,
    category: row.category,
    computed: row.sla_computed_at !== null,
    state: {
      status: row.status,
      createdAt: new Date(row.created_at),
      firstResponseAt: dateOf(row.first_response_at),
      firstResponseBreached: row.first_response_breached,
      nextResponseStartedAt: dateOf(row.next_response_started_at),
      nextResponseBreached: row.next_response_breached,
      resolutionBreached: row.resolution_breached,
      pausedAt: dateOf(row.sla_paused_at),
      pausedSeconds: row.sla_paused_seconds,
      firstResponseDueAt: dateOf(row.first_response_due_at),
      nextResponseDueAt: dateOf(row.next_response_due_at),
      resolutionDueAt: dateOf(row.resolution_due_at),
    },
  };
}

/** The ticket's stored clock (as the caller may see it: the pipeline has it locked). */
export async function readTicketSla(tx: TTx, ticketId: string): Promise<TStoredSla | null> {
  const result = await tx.execute<TSlaRow>(sql`select ${SLA_COLUMNS} from support_tickets t where t.id = ${ticketId}`);
  const row = result.rows[0];
  return row ? storedSlaOf(row) : null;
}

/** Stores the clock through app.write_ticket_sla (users cannot write these columns themselves). */
export async function writeTicketSla(
  tx: TTx,
  ticketId: string,
  state: TSlaState,
  derived: {
    slaDueAt: Date | null;
    slaCheckAt: Date | null;
    businessSeconds: { firstResponse: number | null; resolution: number | null };
  },
): Promise<void> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const payload = {
    firstResponseDueAt: iso(state.firstResponseDueAt),
    firstResponseAt: iso(state.firstResponseAt),
    firstResponseBreached: state.firstResponseBreached,
    nextResponseStartedAt: iso(state.nextResponseStartedAt),
    nextResponseDueAt: iso(state.nextResponseDueAt),
    nextResponseBreached: state.nextResponseBreached,
    resolutionDueAt: iso(state.resolutionDueAt),
    resolutionBreached: state.resolutionBreached,
    pausedAt: iso(state.pausedAt),
    pausedSeconds: state.pausedSeconds,
    slaDueAt: iso(derived.slaDueAt),
    slaCheckAt: iso(derived.slaCheckAt),
    firstResponseBusinessSeconds: derived.businessSeconds.firstResponse,
    resolutionBusinessSeconds: derived.businessSeconds.resolution,
  };
  await tx.execute(sql`select app.write_ticket_sla(${ticketId}::uuid, ${JSON.stringify(payload)}::jsonb)`);
}
