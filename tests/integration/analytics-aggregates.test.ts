/**
 * The analytics' daily aggregates (issue 16, migration 0026) equal a recomputation from the raw
 * rows after a random, seeded sequence of real changes through the services (create, assign,
 * reassign, status back and forth, admin and student replies, internal notes, close, ratings
 * and re-ratings, delete), and the dashboard reads them back. Property-style: several seeds.
 * Each run uses its own category so other test files' tickets never enter the comparison.
 */
import { describe, expect, it } from "vitest";
import { getAnalyticsDashboard } from "@/features/analytics/service/get-analytics-dashboard";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { deleteTicket } from "@/features/tickets/service/delete-ticket";
import { rateTicket } from "@/features/tickets/service/rate-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { createAdmin, createStudent, createTicketCategory, sessionUserOf } from "../factories";
import { asServiceRole, rowsOf } from "../support/db";

/** mulberry32: a small seeded generator, so a failing sequence can be replayed from its seed. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rows of analytics_daily for `category` that differ from the same figures computed with a
 * GROUP BY over tickets, messages and ratings (durations compared as sorted multisets), and
 * the (category, admin) pairs whose backlog flows do not add up to their open tickets now.
 */
async function differences(category: string) {
  const figures = rowsOf(
    await asServiceRole(
      `with tz as (select time_zone from analytics_state),
       raw as (
         select (t.created_at at time zone tz.time_zone)::date as day, t.assigned_to as admin_id, 1 as created,
                (t.status in ('open', 'in_progress'))::int as open_now, 0 as resolved, null::int as res,
                0 as fr, null::int as frs, 0 as cc, 0 as cs
           from support_tickets t, tz where t.category = $1
         union all
         select (t.resolved_at at time zone tz.time_zone)::date, t.assigned_to, 0, 0, 1,
                greatest(0, extract(epoch from t.resolved_at - t.created_at))::int, 0, null, 0, 0
           from support_tickets t, tz where t.category = $1 and t.resolved_at is not null
         union all
         select (f.created_at at time zone tz.time_zone)::date, f.user_id, 0, 0, 0, null, 1,
                greatest(0, extract(epoch from f.created_at - t.created_at))::int, 0, 0
           from support_tickets t cross join tz cross join lateral (
             select m.user_id, m.created_at from ticket_messages m join users u on u.id = m.user_id and u.role = 'admin'
              where m.ticket_id = t.id and not m.is_internal order by m.created_at, m.id limit 1) f
          where t.category = $1
         union all
         select (r.resolved_at at time zone tz.time_zone)::date, r.admin_id, 0, 0, 0, null, 0, null, 1, r.score
           from ticket_ratings r, tz where r.category = $1
       ),
       expected as (
         select day, admin_id, sum(created)::int as created, sum(open_now)::int as open_now, sum(resolved)::int as resolved,
                coalesce(array_agg(res order by res) filter (where res is not null), '{}') as res,
                sum(fr)::int as fr, coalesce(array_agg(frs order by frs) filter (where frs is not null), '{}') as frs,
                sum(cc)::int as cc, sum(cs)::int as cs
           from raw group by 1, 2
       ),
       actual as (
         select day, admin_id, created, open_now, resolved,
                (select coalesce(array_agg(v order by v), '{}') from unnest(resolution_secs) v) as res,
                first_responses as fr, (select coalesce(array_agg(v order by v), '{}') from unnest(first_response_secs) v) as frs,
                csat_count as cc, csat_sum as cs
           from analytics_daily
          where category = $1 and ((created, open_now, resolved, first_responses, csat_count, csat_sum) <> (0, 0, 0, 0, 0, 0)
                or cardinality(resolution_secs) > 0 or cardinality(first_response_secs) > 0)
       )
       select 'missing' as side, * from (select * from expected except select * from actual) a
       union all
       select 'extra', * from (select * from actual except select * from expected) b`,
      [category],
    ),
  );
  const backlog = rowsOf(
    await asServiceRole(
      `select coalesce(a.admin_id, b.admin_id) as admin_id, a.n as flows, b.n as open_now from
         (select admin_id, sum(backlog_net)::int as n from analytics_daily where category = $1 group by 1) a
         full join (select assigned_to as admin_id, count(*)::int as n from support_tickets
                     where category = $1 and status in ('open', 'in_progress') group by 1) b
           on coalesce(a.admin_id, '00000000-0000-0000-0000-000000000000') = coalesce(b.admin_id, '00000000-0000-0000-0000-000000000000')
        where coalesce(a.n, 0) <> coalesce(b.n, 0)`,
      [category],
    ),
  );
  // The SLA columns (migration 0034): what each ticket row says now.
  const sla = rowsOf(
    await asServiceRole(
      `with tz as (select time_zone from analytics_state),
       raw as (
         select (t.first_response_at at time zone tz.time_zone)::date as day, t.assigned_to as admin_id,
                (not t.first_response_breached)::int as fm, t.first_response_breached::int as fb,
                t.first_response_business_seconds as fs, 0 as rm, 0 as rb, null::int as rs
           from support_tickets t, tz
          where t.category = $1 and t.first_response_at is not null and t.first_response_business_seconds is not null
         union all
         select (t.resolved_at at time zone tz.time_zone)::date, t.assigned_to, 0, 0, null,
                (not t.resolution_breached)::int, t.resolution_breached::int, t.resolution_business_seconds
           from support_tickets t, tz
          where t.category = $1 and t.resolved_at is not null and t.status not in ('open', 'in_progress')
            and t.resolution_business_seconds is not null
       ),
       expected as (
         select day, admin_id, sum(fm)::int as fm, sum(fb)::int as fb,
                coalesce(array_agg(fs order by fs) filter (where fs is not null), '{}') as fs,
                sum(rm)::int as rm, sum(rb)::int as rb,
                coalesce(array_agg(rs order by rs) filter (where rs is not null), '{}') as rs
           from raw group by 1, 2
       ),
       actual as (
         select day, admin_id, sla_fr_met as fm, sla_fr_breached as fb,
                (select coalesce(array_agg(v order by v), '{}') from unnest(first_response_bh_secs) v) as fs,
                sla_res_met as rm, sla_res_breached as rb,
                (select coalesce(array_agg(v order by v), '{}') from unnest(resolution_bh_secs) v) as rs
           from analytics_daily
          where category = $1 and ((sla_fr_met, sla_fr_breached, sla_res_met, sla_res_breached) <> (0, 0, 0, 0)
                or cardinality(first_response_bh_secs) > 0 or cardinality(resolution_bh_secs) > 0)
       )
       select 'missing' as side, * from (select * from expected except select * from actual) a
       union all
       select 'extra', * from (select * from actual except select * from expected) b`,
      [category],
    ),
  );
  return { figures, backlog, sla };
}

async function runSequence(seed: number, steps: number) {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const category = (await createTicketCategory()).slug;
  const admins = (await Promise.all([createAdmin(), createAdmin()])).map(sessionUserOf);
  const students = (await Promise.all([createStudent(), createStudent()])).map(sessionUserOf);
  const tickets: { id: string; student: TSessionUser }[] = [];
  let applied = 0;

  const statusOf = async (id: string) =>
    rowsOf(await asServiceRole<{ status: TTicketStatus }>("select status from support_tickets where id = $1", [id]))[0]
      ?.status;

  for (let step = 0; step < steps; step++) {
    const roll = random();
    if (tickets.length < 3 || roll < 0.18) {
      const student = pick(students);
      const created = await createSupportTicket(student, {
        subject: `Demande ${seed}-${step}`,
        description: "Bonjour, j'ai besoin d'aide avec ma réservation, merci.",
        category,
      });
      tickets.push({ id: created.id, student });
      applied++;
      continue;
    }
    const ticket = pick(tickets);
    const status = await statusOf(ticket.id);
    if (!status) continue;
    const admin = pick(admins);
    try {
      if (roll < 0.32) {
        await assignTicket(admin, { ticketId: ticket.id, assigneeId: random() < 0.2 ? null : pick(admins).id });
      } else if (roll < 0.52) {
        const to = pick(["open", "in_progress", "resolved", "resolved", "closed"] as const);
        if (to === status) continue;
        await updateTicketStatus(admin, { ticketId: ticket.id, status: to, reason: "Retour en arrière pour le test" });
      } else if (roll < 0.66) {
        if (status === "closed") continue;
        await addTicketMessage(admin, { ticketId: ticket.id, message: "Réponse de l'équipe." });
      } else if (roll < 0.72) {
        await addTicketMessage(admin, { ticketId: ticket.id, message: "Note interne.", isInternal: true });
      } else if (roll < 0.8) {
        if (status === "closed") continue;
        await addTicketMessage(ticket.student, { ticketId: ticket.id, message: "Réponse de l'étudiant." });
      } else if (roll < 0.84) {
        if (status === "closed") continue;
        await closeTicket(ticket.student, ticket.id);
      } else if (roll < 0.9) {
        if (status !== "resolved" && status !== "closed") continue;
        await rateTicket(ticket.student, { ticketId: ticket.id, score: 1 + Math.floor(random() * 5) }).catch(
          () => undefined, // closed without a resolution: nothing to rate
        );
      } else if (roll < 0.93) {
        // The clock's own writes (the escalation job's breach flags, a recomputed business
        // time) as the worker does them: any value, the aggregates follow.
        await asServiceRole(
          `update support_tickets set first_response_breached = $2, resolution_breached = $3,
                  first_response_business_seconds = case when first_response_at is null then null else $4::int end,
                  resolution_business_seconds = case when status in ('open', 'in_progress') then null else $5::int end
            where id = $1`,
          [ticket.id, random() < 0.5, random() < 0.5, Math.floor(random() * 90_000), Math.floor(random() * 900_000)],
          { commit: true },
        );
      } else {
        await deleteTicket(admin, ticket.id);
        tickets.splice(tickets.indexOf(ticket), 1);
      }
      applied++;
    } catch (error) {
      throw new Error(`seed ${seed}, step ${step}: ${String(error)}`);
    }
  }
  return { category, applied, admin: admins[0] as TSessionUser };
}

describe("analytics_daily", () => {
  for (const seed of [1, 2, 3]) {
    it(`equals a recomputation from the raw rows after a random sequence of changes (seed ${seed})`, async () => {
      const { category, applied } = await runSequence(seed, 70);
      expect(applied).toBeGreaterThan(40);
      const counted = rowsOf(
        await asServiceRole<{ created: number; resolved: number; fr: number }>(
          `select coalesce(sum(created), 0)::int as created, coalesce(sum(resolved), 0)::int as resolved,
                  coalesce(sum(first_responses), 0)::int as fr from analytics_daily where category = $1`,
          [category],
        ),
      )[0];
      // Not vacuous: the sequence produced tickets, resolutions and first responses.
      expect(counted?.created).toBeGreaterThan(3);
      expect(counted?.fr).toBeGreaterThan(0);
      const sla = rowsOf(
        await asServiceRole<{ fr: number; res: number; breached: number }>(
          `select coalesce(sum(sla_fr_met + sla_fr_breached), 0)::int as fr, coalesce(sum(sla_res_met + sla_res_breached), 0)::int as res,
                  coalesce(sum(sla_fr_breached + sla_res_breached), 0)::int as breached
             from analytics_daily where category = $1`,
          [category],
        ),
      )[0];
      expect(sla?.fr).toBeGreaterThan(0);
      expect(sla?.res).toBeGreaterThan(0);
      expect(sla?.breached).toBeGreaterThan(0);
      expect(await differences(category)).toEqual({ figures: [], backlog: [], sla: [] });
    }, 120_000);
  }

  it("is what the dashboard reads, and the batched backfill rebuilds the same figures", async () => {
    const { category, admin } = await runSequence(7, 40);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto" }).format(new Date());
    const dashboard = await getAnalyticsDashboard(admin, { from: today, to: today, category });
    const raw = rowsOf(
      await asServiceRole<{ created: number; open: number; resolved: number; fr: number[] | null }>(
        `select count(*)::int as created, count(*) filter (where status in ('open', 'in_progress'))::int as open,
                count(resolved_at)::int as resolved,
                -- Business seconds, as the SLA clock stored them (tests/integration/sla-analytics.test.ts
                -- checks those against hand-computed values).
                (select array_agg(t.first_response_business_seconds order by t.first_response_business_seconds)
                   from support_tickets t where t.category = $1 and t.first_response_at is not null) as fr
           from support_tickets where category = $1`,
        [category],
      ),
    )[0];
    expect(dashboard.totals.created).toBe(raw?.created);
    expect(dashboard.totals.resolved).toBe(raw?.resolved);
    expect(dashboard.totals.backlogEnd).toBe(raw?.open);
    expect(dashboard.backlogByAge.today).toBe(raw?.open);
    const fr = raw?.fr ?? [];
    expect(dashboard.firstResponse.count).toBe(fr.length);
    // percentile_disc: the smallest value with at least half of the values at or below it.
    expect(dashboard.firstResponse.medianSeconds).toBe(fr.length ? fr[Math.ceil(fr.length / 2) - 1] : null);
    expect(dashboard.days).toHaveLength(1);

    // Start over as for another time zone and backfill in small batches: the same figures.
    const before = rowsOf(
      await asServiceRole(
        "select day, admin_id, created, open_now, resolved, first_responses, csat_count, csat_sum, sla_fr_met, sla_fr_breached, sla_res_met, sla_res_breached, (select array_agg(v order by v) from unnest(first_response_bh_secs) v) as fbh, (select array_agg(v order by v) from unnest(resolution_bh_secs) v) as rbh from analytics_daily where category = $1 and created + resolved + first_responses + csat_count + open_now + sla_fr_met + sla_fr_breached + sla_res_met + sla_res_breached <> 0 order by 1, 2",
        [category],
      ),
    );
    await asServiceRole("select app.analytics_rebuild('America/Toronto')", [], { commit: true });
    for (let i = 0; i < 10_000; i++) {
      const [row] = rowsOf(
        await asServiceRole<{ n: number }>("select app.analytics_backfill_batch(50) as n", [], { commit: true }),
      );
      if (!row?.n) break;
    }
    const after = rowsOf(
      await asServiceRole(
        "select day, admin_id, created, open_now, resolved, first_responses, csat_count, csat_sum, sla_fr_met, sla_fr_breached, sla_res_met, sla_res_breached, (select array_agg(v order by v) from unnest(first_response_bh_secs) v) as fbh, (select array_agg(v order by v) from unnest(resolution_bh_secs) v) as rbh from analytics_daily where category = $1 and created + resolved + first_responses + csat_count + open_now + sla_fr_met + sla_fr_breached + sla_res_met + sla_res_breached <> 0 order by 1, 2",
        [category],
      ),
    );
    expect(after).toEqual(before);
    expect((await differences(category)).figures).toEqual([]);
    expect((await differences(category)).sla).toEqual([]);
  }, 180_000);

  it("stays equal to the recomputation through bulk statements that add to and take from the same groups", async () => {
    // Migration 0043: each statement's durations are aggregated once per (day, category, admin)
    // and merged into the existing row from `excluded`. Every statement below is ONE statement
    // over many tickets, most of them landing in groups that already exist (the merge path),
    // some in new ones (the insert path), with removals: a merge that dropped or doubled a
    // contribution (or a removal) leaves a row that differs from the GROUP BY over the raw rows.
    const [a, b] = await Promise.all([createTicketCategory(), createTicketCategory()]);
    const categories = [a.slug, b.slug];
    const admins = (await Promise.all([createAdmin(), createAdmin(), createAdmin()])).map((u) => u.id);
    const student = await createStudent();
    const run = async (label: string, text: string, params: unknown[]) => {
      const result = await asServiceRole(text, params, { commit: true });
      if (!result.ok) throw new Error(`${label}: ${result.code} ${result.message}`);
      return result.rowCount;
    };
    const expectEqualToRecomputation = async (after: string) => {
      for (const category of categories) {
        expect({ after, category, ...(await differences(category)) }).toEqual({
          after,
          category,
          figures: [],
          backlog: [],
          sla: [],
        });
      }
    };
    const totals = async () =>
      rowsOf(
        await asServiceRole<{ resolved: number; res: number; zeros: number; fr: number; rbh: number }>(
          `select coalesce(sum(resolved), 0)::int as resolved,
                  coalesce(sum(cardinality(resolution_secs)), 0)::int as res,
                  coalesce(sum((select count(*) from unnest(resolution_secs) v where v = 0)), 0)::int as zeros,
                  coalesce(sum(first_responses), 0)::int as fr,
                  coalesce(sum(cardinality(resolution_bh_secs)), 0)::int as rbh
             from analytics_daily where category = any($1::text[])`,
          [categories],
        ),
      )[0];
    // Tickets g = from..to: 3 days × 2 categories × 4 assignees (one of them nobody), statuses
    // and durations on other strides, so that each group gets ~10 tickets with equal durations
    // (0 s among them: its removal is the value -1) and SLA times with breaches.
    const insertTickets = (from: number, to: number) =>
      run(
        `tickets ${from}-${to}`,
        `insert into support_tickets (user_id, subject, description, category, priority, status, assigned_to,
                                      created_at, updated_at, resolved_at, first_response_at,
                                      first_response_business_seconds, first_response_breached,
                                      resolution_business_seconds, resolution_breached)
         select $3, 'Demande importée ' || g, 'Bonjour, une demande parmi d''autres, importée en bloc.',
                ($1::text[])[1 + (g / 2) % 2], 'medium', x.status, ($2::uuid[])[1 + g % 4],
                x.created_at, x.created_at,
                case when x.status <> 'open' then x.created_at + ((g / 7) % 3) * interval '1 hour' end,
                case when g % 5 <> 0 then x.created_at + interval '30 minutes' end,
                case when g % 5 <> 0 then ((g / 2) % 4) * 900 end, g % 7 = 0,
                case when x.status <> 'open' then ((g / 5) % 3) * 1800 end, g % 6 = 0
           from generate_series($4::int, $5::int) g
          cross join lateral (
            select (array['open', 'resolved', 'closed', 'resolved']::ticket_status[])[1 + (g / 3) % 4] as status,
                   timestamptz '2026-03-02 10:00:00-05' + ((g / 5) % 3) * interval '1 day' + (g % 11) * interval '1 minute' as created_at
          ) x`,
        [categories, admins, student.id, from, to],
      );

    expect(await insertTickets(1, 120)).toBe(120);
    await expectEqualToRecomputation("the first insert");
    // The same groups again: every one of them exists now.
    expect(await insertTickets(121, 240)).toBe(240 - 120);
    await expectEqualToRecomputation("the second insert");

    // Messages: an internal note first (never a first response), a student's, then two public
    // admin replies in either order (only the earlier one counts); some tickets get none.
    const messages = await run(
      "messages",
      `insert into ticket_messages (ticket_id, user_id, message, is_internal, created_at)
       select t.id, m.user_id, m.message, m.internal, t.created_at + m.after
         from support_tickets t
        cross join lateral (values
          (($2::uuid[])[1 + t.number % 3], 'Note interne avant la réponse.', true, interval '5 minutes'),
          (t.user_id, 'Une précision de l''étudiant.', false, interval '20 minutes'),
          (($2::uuid[])[1 + (t.number + 1) % 3], 'Réponse de l''équipe.', false, (t.number % 5) * interval '1 hour' + interval '1 minute'),
          (($2::uuid[])[1 + (t.number + 2) % 3], 'Une autre réponse.', false, (t.number % 7) * interval '1 hour' + interval '2 minutes')
        ) m(user_id, message, internal, after)
        where t.category = any($1::text[]) and t.number % 6 <> 0`,
      [categories, admins],
    );
    expect(messages).toBeGreaterThan(600);
    await run(
      "ratings",
      `insert into ticket_ratings (ticket_id, user_id, resolved_at, score)
       select t.id, t.user_id, t.resolved_at, 1 + t.number % 5 from support_tickets t
        where t.category = any($1::text[]) and t.resolved_at is not null and t.number % 2 = 0`,
      [categories],
    );
    await expectEqualToRecomputation("the messages and ratings");

    const before = await totals();
    // Not vacuous: groups hold equal durations, zeros among them, and first responses.
    expect(before?.resolved).toBe(180);
    expect(before?.res).toBe(180);
    expect(before?.zeros).toBeGreaterThan(20);
    expect(before?.fr).toBeGreaterThan(150);
    expect(
      rowsOf(
        await asServiceRole(
          `select 1 from analytics_daily
            where category = any($1::text[]) and cardinality(resolution_secs) > (select count(distinct v) from unnest(resolution_secs) v)`,
          [categories],
        ),
      ).length,
    ).toBeGreaterThan(3);

    // The bulk change back: every resolved ticket reopened (its resolution and its SLA
    // resolution taken back), a third of them moved to another assignee's groups. (A ticket's
    // category never changes: docs/analytics.md, known limits.)
    const reopened = await run(
      "reopen",
      `update support_tickets set status = 'open',
              assigned_to = case when number % 3 = 0 then ($2::uuid[])[1 + number % 2] else assigned_to end
        where category = any($1::text[]) and status = 'resolved'`,
      [categories, admins],
    );
    expect(reopened).toBe(120);
    await expectEqualToRecomputation("the reopening");
    const after = await totals();
    expect(after?.resolved).toBe(180 - 120);
    expect(after?.res).toBe(180 - 120);
    expect(after?.rbh).toBe((before?.rbh ?? 0) - 120);

    // The clock's own bulk rewrite: each closed ticket's SLA times taken out and put back
    // changed (in the same group, or not counted any more).
    await run(
      "SLA times",
      `update support_tickets set resolution_business_seconds = resolution_business_seconds + 1800 * (number % 2),
              resolution_breached = not resolution_breached,
              first_response_business_seconds = case when first_response_at is not null and number % 4 <> 0 then (number % 3) * 900 end
        where category = any($1::text[]) and status = 'closed'`,
      [categories],
    );
    await expectEqualToRecomputation("the SLA rewrite");
    // Half of the reopened tickets resolved again (today), then a quarter of all deleted.
    await run(
      "re-resolve",
      "update support_tickets set status = 'resolved' where category = any($1::text[]) and status = 'open' and number % 2 = 0",
      [categories],
    );
    await expectEqualToRecomputation("the re-resolution");
    expect(
      await run("delete", "delete from support_tickets where category = any($1::text[]) and number % 4 = 1", [
        categories,
      ]),
    ).toBeGreaterThan(40);
    await expectEqualToRecomputation("the deletion");
  }, 120_000);

  it("is readable by admins only", async () => {
    const student = await createStudent();
    await expect(
      getAnalyticsDashboard(sessionUserOf(student), { from: "2026-01-01", to: "2026-01-02" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
