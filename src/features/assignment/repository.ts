import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { assignmentRules, users } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TAssignableAdmin, TAssignmentRule } from "./dto";
import type { TAdminLoad } from "./matching";
import type { TRuleContext, TRuleStrategy } from "./rule-values";

// Rules and admins' loads. Under an admin's RLS (the rules page, the dry-run) or as
// service_role inside a ticket's creation transaction (the engine): never under a student's.

const ruleColumns = {
  id: assignmentRules.id,
  name: assignmentRules.name,
  position: assignmentRules.position,
  isActive: assignmentRules.isActive,
  category: assignmentRules.category,
  subjectWords: assignmentRules.subjectWords,
  context: sql<TRuleContext>`${assignmentRules.context}`,
  strategy: sql<TRuleStrategy>`${assignmentRules.strategy}`,
  adminIds: assignmentRules.adminIds,
};

export async function selectRules(tx: TTx): Promise<TAssignmentRule[]> {
  return tx.select(ruleColumns).from(assignmentRules).orderBy(asc(assignmentRules.position), asc(assignmentRules.id));
}

/** The active rules in their order (the partial index on position). */
export async function selectActiveRules(tx: TTx): Promise<TAssignmentRule[]> {
  return tx
    .select(ruleColumns)
    .from(assignmentRules)
    .where(eq(assignmentRules.isActive, true))
    .orderBy(asc(assignmentRules.position), asc(assignmentRules.id));
}

/**
 * The rule's next round-robin turn (1, 2, 3…) from its own sequence: nextval holds no lock
 * until commit, so the creations a rule matches no longer wait for each other (migration 0035).
 * Null when the rule was disabled or deleted since the list was read.
 */
export async function takeAssignmentTurn(tx: TTx, ruleId: string): Promise<number | null> {
  const result = await tx.execute<{ turn: string | null }>(
    sql`select app.next_assignment_turn(${ruleId}::uuid)::text as turn`,
  );
  const turn = result.rows[0]?.turn;
  return turn === null || turn === undefined ? null : Number(turn);
}

/** The turn the next creation would take, without taking it (the dry-run). */
export async function peekAssignmentTurn(tx: TTx, ruleId: string): Promise<number> {
  const result = await tx.execute<{ turn: string }>(
    sql`select app.peek_assignment_turn(${ruleId}::uuid)::text as turn`,
  );
  return Number(result.rows[0]?.turn ?? 1);
}

/**
 * Transaction-level advisory locks on each admin, taken in one order (sorted ids) so two
 * creations never wait on each other in a cycle: a creation that counts an admin's open
 * tickets and gives them one holds them until it commits, so the next one counts it.
 */
export async function lockAdmins(tx: TTx, adminIds: readonly string[]): Promise<void> {
  if (adminIds.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(k)) from (
      select hashtextextended('assign:' || id::text, 0) as k
        from unnest(${sql.param([...adminIds])}::uuid[]) as id
       order by id
      offset 0
    ) s
  `);
}

/**
 * Each admin of `adminIds` who is still an admin: away or not, their capacity, and their open
 * (open / in progress) tickets, counted only when it matters (a capacity, or least-open).
 */
export async function selectAdminLoads(
  tx: TTx,
  adminIds: readonly string[],
  options: { countAll: boolean },
): Promise<Map<string, TAdminLoad>> {
  if (adminIds.length === 0) return new Map();
  const result = await tx.execute<{
    id: string;
    is_away: boolean;
    max_open_tickets: number | null;
    open_tickets: number;
  }>(sql`
    select u.id, coalesce(a.is_away, false) as is_away, a.max_open_tickets,
           case when ${options.countAll} or a.max_open_tickets is not null
             then (select count(*)::int from public.support_tickets t
                    where t.assigned_to = u.id and t.status in ('open', 'in_progress'))
             else 0 end as open_tickets
      from users u
      left join public.admin_availability a on a.user_id = u.id
     where u.id = any(${sql.param([...adminIds])}::uuid[]) and u.role = 'admin'
  `);
  return new Map(
    result.rows.map((row) => [
      row.id,
      { id: row.id, isAway: row.is_away, maxOpenTickets: row.max_open_tickets, openTickets: Number(row.open_tickets) },
    ]),
  );
}

/** Every admin, with availability and open tickets: the rules page's choices. */
export async function selectAssignableAdmins(tx: TTx): Promise<TAssignableAdmin[]> {
  const result = await tx.execute<{
    id: string;
    name: string;
    is_away: boolean;
    max_open_tickets: number | null;
    open_tickets: number;
  }>(sql`
    select u.id, u.name, coalesce(a.is_away, false) as is_away, a.max_open_tickets,
           (select count(*)::int from public.support_tickets t
             where t.assigned_to = u.id and t.status in ('open', 'in_progress')) as open_tickets
      from users u
      left join public.admin_availability a on a.user_id = u.id
     where u.role = 'admin'
     order by u.last_name, u.first_name, u.id
  `);
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    isAway: row.is_away,
    maxOpenTickets: row.max_open_tickets,
    openTickets: Number(row.open_tickets),
  }));
}

export async function selectAdminNames(tx: TTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** How many of `ids` are admins (a rule may only name admins). */
export async function countAdmins(tx: TTx, ids: string[]): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.id} = any(${sql.param(ids)}::uuid[]) and ${users.role} = 'admin'`);
  return row?.n ?? 0;
}

type TRuleValues = {
  name: string;
  category: string | null;
  subjectWords: string[];
  context: TRuleContext;
  strategy: TRuleStrategy;
  adminIds: string[];
  isActive: boolean;
};

/** A new rule, last in the order. */
export async function insertRule(tx: TTx, values: TRuleValues & { createdBy: string }) {
  const [row] = await tx
    .insert(assignmentRules)
    .values({
      ...values,
      position: sql`coalesce((select max(position) from ${assignmentRules}), 0) + 10`,
    })
    .returning({ id: assignmentRules.id });
  return row;
}

export async function updateRule(tx: TTx, id: string, values: Partial<TRuleValues>) {
  const [row] = await tx
    .update(assignmentRules)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(assignmentRules.id, id))
    .returning({ id: assignmentRules.id });
  return row;
}

export async function deleteRule(tx: TTx, id: string): Promise<boolean> {
  const rows = await tx.delete(assignmentRules).where(eq(assignmentRules.id, id)).returning({ id: assignmentRules.id });
  return rows.length > 0;
}

/** Positions 10, 20, … in the order of `ids` (every rule must be named once). */
export async function setRuleOrder(tx: TTx, ids: string[]): Promise<number> {
  const result = await tx.execute(sql`
    update public.assignment_rules r set position = o.n * 10, updated_at = now()
      from unnest(${sql.param(ids)}::uuid[]) with ordinality as o(id, n)
     where r.id = o.id
  `);
  return result.rowCount ?? 0;
}

export async function countRules(tx: TTx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(assignmentRules);
  return row?.n ?? 0;
}

export async function categoryExists(tx: TTx, slug: string): Promise<boolean> {
  const result = await tx.execute(sql`select 1 from public.ticket_categories where slug = ${slug}`);
  return result.rows.length > 0;
}
