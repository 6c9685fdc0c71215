/**
 * The analytics' SLA figures (issue 16, migration 0034) on real PostgreSQL: first response and
 * resolution times in business hours (America/Toronto, Monday–Friday 8:00–17:00, Quebec's
 * holidays) and SLA compliance, hand-computed on tickets from before the clock that span a
 * weekend and Thanksgiving (Monday 2026-10-12); and a first start on an old database: the
 * backfill records clocks that were already late as breached, silently (no alert, email or
 * webhook from the escalation job that runs next).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getAnalyticsDashboard } from "@/features/analytics/service/get-analytics-dashboard";
import { backfillSla } from "@/features/sla/service/backfill-sla";
import { escalateSla } from "@/features/sla/service/escalate-sla";
import { emitTicketEvent, SYSTEM_ACTOR } from "@/features/tickets/service/ticket-change";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { createTicketCategory } from "../factories/categories";
import { asServiceRole, rowsOf } from "../support/db";
import { restoreWebhookEnv, setWebhookEnv } from "../support/webhooks";

let student: TUserRow;
let admin: TUserRow;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
  asAdmin = sessionUserOf(admin);
});

afterEach(restoreWebhookEnv);

/** A ticket as an old database holds it: its own times, no clock computed yet (sla_computed_at null). */
async function oldTicket(input: {
  category: string;
  createdAt: string;
  status?: "open" | "resolved";
  resolvedAt?: string;
  assignedTo?: string;
}): Promise<string> {
  const [row] = rowsOf(
    await asServiceRole<{ id: string }>(
      `insert into support_tickets (user_id, subject, description, category, priority, status, assigned_to,
                                    created_at, updated_at, resolved_at)
       values ($1, 'Ma séance ne se charge pas', 'Bonjour, la page reste blanche depuis ce matin.', $2, 'medium', $3, $4,
               $5::timestamptz, coalesce($6::timestamptz, $5::timestamptz), $6::timestamptz)
       returning id`,
      [
        student.id,
        input.category,
        input.status ?? "open",
        input.assignedTo ?? null,
        input.createdAt,
        input.resolvedAt ?? null,
      ],
      { commit: true },
    ),
  );
  if (!row) throw new Error("ticket not inserted");
  return row.id;
}

async function oldMessage(ticketId: string, userId: string, createdAt: string) {
  rowsOf(
    await asServiceRole(
      "insert into ticket_messages (ticket_id, user_id, message, is_internal, created_at) values ($1, $2, 'Bonjour, voici la réponse.', false, $3::timestamptz)",
      [ticketId, userId, createdAt],
      { commit: true },
    ),
  );
}

/** Backfills until every clock (and its business times) is computed. */
async function backfillAll() {
  for (let i = 0; i < 100; i++) {
    if (!(await backfillSla({ batchSize: 500, maxBatches: 5 })).more) return;
  }
}

describe("business-hours durations and SLA compliance", () => {
  it("are the hand-computed figures across a weekend and a holiday, in the dashboard and per admin", async () => {
    const { slug: category } = await createTicketCategory();
    // Eastern daylight time (UTC−4) all month. Medium policy: first response 240 business
    // minutes, resolution 2,700.
    // A: Friday 16:00 → Tuesday 9:00 after Thanksgiving: 60 + 60 = 120 min (met). Still open.
    const a = await oldTicket({ category, createdAt: "2026-10-09T16:00:00-04:00", assignedTo: admin.id });
    await oldMessage(a, admin.id, "2026-10-13T09:00:00-04:00");
    // B: Friday 15:00 → Monday 12:30: 120 + 270 = 390 min (breached); resolved Tuesday 10:00:
    // 120 + 540 + 120 = 780 min (met).
    const b = await oldTicket({
      category,
      createdAt: "2026-10-16T15:00:00-04:00",
      status: "resolved",
      resolvedAt: "2026-10-20T10:00:00-04:00",
      assignedTo: admin.id,
    });
    await oldMessage(b, admin.id, "2026-10-19T12:30:00-04:00");
    // C: Wednesday 8:30 → 9:00: 30 min (met); resolved Monday 26th at 8:00:
    // 510 + 540 + 540 + 5 × 540 = 4,290 min (breached).
    const c = await oldTicket({
      category,
      createdAt: "2026-10-14T08:30:00-04:00",
      status: "resolved",
      resolvedAt: "2026-10-26T08:00:00-04:00",
      assignedTo: admin.id,
    });
    await oldMessage(c, admin.id, "2026-10-14T09:00:00-04:00");

    await backfillAll();

    const stored = rowsOf(
      await asServiceRole<{ id: string; fr: number | null; res: number | null }>(
        "select id, first_response_business_seconds as fr, resolution_business_seconds as res from support_tickets where id = any($1::uuid[])",
        [[a, b, c]],
      ),
    );
    expect(Object.fromEntries(stored.map((r) => [r.id, [r.fr, r.res]]))).toEqual({
      [a]: [7_200, null],
      [b]: [23_400, 46_800],
      [c]: [1_800, 257_400],
    });

    const dashboard = await getAnalyticsDashboard(asAdmin, { from: "2026-10-01", to: "2026-10-31", category });
    // percentile_disc over [1,800, 7,200, 23,400] and [46,800, 257,400].
    expect(dashboard.firstResponse).toEqual({ count: 3, medianSeconds: 7_200, p90Seconds: 23_400 });
    expect(dashboard.resolution).toEqual({ count: 2, medianSeconds: 46_800, p90Seconds: 257_400 });
    expect(dashboard.sla.firstResponse).toEqual({ met: 2, breached: 1, rate: 2 / 3 });
    expect(dashboard.sla.resolution).toEqual({ met: 1, breached: 1, rate: 0.5 });
    expect(dashboard.sla.overall).toEqual({ met: 3, breached: 2, rate: 0.6 });
    const row = dashboard.admins.find((r) => r.adminId === admin.id);
    expect(row).toMatchObject({ medianFirstResponseSeconds: 7_200, slaMet: 3, slaTotal: 5, slaRate: 0.6 });

    // A range that holds only B's days: its figures alone.
    const week = await getAnalyticsDashboard(asAdmin, { from: "2026-10-19", to: "2026-10-20", category });
    expect(week.firstResponse).toEqual({ count: 1, medianSeconds: 23_400, p90Seconds: 23_400 });
    expect(week.sla.firstResponse.rate).toBe(0);
    expect(week.sla.resolution).toEqual({ met: 1, breached: 0, rate: 1 });
    // Another admin's filter: nothing.
    const other = await createAdmin();
    const none = await getAnalyticsDashboard(asAdmin, {
      from: "2026-10-01",
      to: "2026-10-31",
      category,
      admin: other.id,
    });
    expect(none.sla.overall).toEqual({ met: 0, breached: 0, rate: null });
    expect(none.firstResponse.medianSeconds).toBeNull();
  });
});

describe("clocks computed before the business times existed (migration 0034)", () => {
  it("get them from the backfill's second pass, from their stored first response and stop time", async () => {
    const { slug: category } = await createTicketCategory();
    const id = await oldTicket({
      category,
      createdAt: "2026-10-09T16:00:00-04:00",
      status: "resolved",
      resolvedAt: "2026-10-13T09:00:00-04:00",
      assignedTo: admin.id,
    });
    await oldMessage(id, admin.id, "2026-10-13T08:30:00-04:00");
    await backfillAll();
    // As a clock written before migration 0034 left it.
    rowsOf(
      await asServiceRole(
        "update support_tickets set first_response_business_seconds = null, resolution_business_seconds = null where id = $1 returning id",
        [id],
        { commit: true },
      ),
    );
    const emptied = await getAnalyticsDashboard(asAdmin, { from: "2026-10-01", to: "2026-10-31", category });
    expect(emptied.sla.overall).toEqual({ met: 0, breached: 0, rate: null });

    await backfillAll();
    const [row] = rowsOf(
      await asServiceRole<{ fr: number | null; res: number | null }>(
        "select first_response_business_seconds as fr, resolution_business_seconds as res from support_tickets where id = $1",
        [id],
      ),
    );
    // Friday 16:00 → Tuesday 8:30 (Thanksgiving Monday closed): 60 + 30 min; → 9:00: 60 + 60 min.
    expect(row).toEqual({ fr: 5_400, res: 7_200 });
    const dashboard = await getAnalyticsDashboard(asAdmin, { from: "2026-10-01", to: "2026-10-31", category });
    expect(dashboard.firstResponse).toEqual({ count: 1, medianSeconds: 5_400, p90Seconds: 5_400 });
    expect(dashboard.resolution).toEqual({ count: 1, medianSeconds: 7_200, p90Seconds: 7_200 });
    expect(dashboard.sla.overall).toEqual({ met: 2, breached: 0, rate: 1 });
  });
});

describe("a first start on an old database", () => {
  it("records clocks already late before the backfill as breached, and the escalation sends nothing for them", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: "http://127.0.0.1:9/unused" });
    const { slug: category } = await createTicketCategory();
    // Never answered, weeks ago: first response and resolution late.
    const unanswered = await oldTicket({ category, createdAt: "2026-10-01T09:00:00-04:00" });
    // Answered in time, then the student wrote again and nobody answered: next response late.
    const waiting = await oldTicket({ category, createdAt: "2026-10-05T09:00:00-04:00", assignedTo: admin.id });
    await oldMessage(waiting, admin.id, "2026-10-05T10:00:00-04:00");
    await oldMessage(waiting, student.id, "2026-10-05T11:00:00-04:00");

    await backfillAll();
    const flags = rowsOf(
      await asServiceRole<{ id: string; fr: boolean; nr: boolean; res: boolean; check: Date | null }>(
        `select id, first_response_breached as fr, next_response_breached as nr, resolution_breached as res,
                sla_check_at as check from support_tickets where id = any($1::uuid[])`,
        [[unanswered, waiting]],
      ),
    );
    expect(Object.fromEntries(flags.map((r) => [r.id, [r.fr, r.nr, r.res, r.check]]))).toEqual({
      [unanswered]: [true, false, true, null],
      [waiting]: [false, true, true, null],
    });

    await escalateSla((tx, event) => emitTicketEvent(tx, SYSTEM_ACTOR, event));
    const ids = [[unanswered, waiting]];
    const sent = async (query: string) => rowsOf(await asServiceRole(query, ids));
    expect(await sent("select 1 from ticket_sla_alerts where ticket_id = any($1::uuid[])")).toEqual([]);
    expect(
      await sent("select 1 from ticket_events where ticket_id = any($1::uuid[]) and type::text like 'sla_%'"),
    ).toEqual([]);
    expect(
      await sent("select 1 from webhook_events where ticket_id = any($1::uuid[]) and type like 'ticket.sla%'"),
    ).toEqual([]);
    expect(
      await sent("select 1 from email_notifications where ticket_id = any($1::uuid[]) and type like 'sla_%'"),
    ).toEqual([]);
  });
});
