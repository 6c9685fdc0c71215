/**
 * The SLA clock (issue 16, docs/sla.md) on real PostgreSQL: the due times every change type
 * writes on the ticket (compared with the calculator run on the stored instants), the escalation
 * job's warnings and breaches (once per breach, two workers at once), the backfill of tickets
 * from before the clock, and what students can never see or write.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { businessCalendarOf } from "@/features/sla/holidays";
import { backfillSla } from "@/features/sla/service/backfill-sla";
import { escalateSla } from "@/features/sla/service/escalate-sla";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { emitTicketEvent, SYSTEM_ACTOR } from "@/features/tickets/service/ticket-change";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_WEEKLY_HOURS } from "@/lib/business-hours";
import { DEFAULT_SLA_POLICIES } from "@/lib/sla-values";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createMessage, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { createTicketCategory } from "../factories/categories";
import { asServiceRole, asUser, testPool } from "../support/db";
import { expandQueuedNotifications } from "../support/email";
import { storedRow, storedRows } from "../support/tickets";
import { restoreWebhookEnv, setWebhookEnv } from "../support/webhooks";

const calendar = businessCalendarOf({
  timeZone: "America/Toronto",
  weekly: DEFAULT_WEEKLY_HOURS,
  statutory: true,
  addedDays: [],
});

type TSlaRow = {
  id: string;
  version: number;
  updated_at: Date;
  created_at: Date;
  first_response_due_at: Date | null;
  first_response_at: Date | null;
  first_response_breached: boolean;
  next_response_started_at: Date | null;
  next_response_due_at: Date | null;
  next_response_breached: boolean;
  resolution_due_at: Date | null;
  resolution_breached: boolean;
  sla_paused_at: Date | null;
  sla_paused_seconds: number;
  sla_due_at: Date | null;
  sla_check_at: Date | null;
  sla_computed_at: Date | null;
};

const slaOf = (ticketId: string) =>
  storedRow<TSlaRow>(
    `select id, version, updated_at, created_at, first_response_due_at, first_response_at, first_response_breached,
            next_response_started_at, next_response_due_at, next_response_breached, resolution_due_at,
            resolution_breached, sla_paused_at, sla_paused_seconds, sla_due_at, sla_check_at, sla_computed_at
       from support_tickets where id = $1`,
    [ticketId],
  );
const plus = (start: Date, minutes: number) => addBusinessMinutes(calendar, start, minutes).toISOString();
const iso = (date: Date | null) => date?.toISOString() ?? null;

let student: TUserRow;
let admin: TUserRow;
let otherAdmin: TUserRow;
let asStudent: TSessionUser;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [student, admin, otherAdmin] = await Promise.all([createStudent(), createAdmin(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asAdmin = sessionUserOf(admin);
});

afterEach(restoreWebhookEnv);

async function newTicket(category = "soutien-technique"): Promise<string> {
  const { id } = await createSupportTicket(asStudent, {
    subject: "Ma séance ne se charge pas",
    description: "Bonjour, la page de ma séance reste blanche depuis ce matin.",
    category,
  });
  return id;
}

describe("the clock in the ticket-change pipeline", () => {
  it("starts at creation with the medium policy's first response and resolution", async () => {
    const id = await newTicket();
    const row = await slaOf(id);
    const medium = DEFAULT_SLA_POLICIES.medium;
    expect(iso(row.first_response_due_at)).toBe(plus(row.created_at, medium.firstResponse));
    expect(iso(row.resolution_due_at)).toBe(plus(row.created_at, medium.resolution));
    expect(row.next_response_due_at).toBeNull();
    expect(iso(row.sla_due_at)).toBe(iso(row.first_response_due_at));
    // The escalation job first looks one hour before the first due time.
    expect(row.sla_check_at?.getTime()).toBe((row.first_response_due_at?.getTime() ?? 0) - 60 * 60_000);
    expect(row.sla_computed_at).not.toBeNull();
  });

  it("meets the first response with a public reply, not with an internal note", async () => {
    const id = await newTicket();
    await addTicketMessage(asAdmin, { ticketId: id, message: "Note pour l'équipe", isInternal: true });
    expect((await slaOf(id)).first_response_at).toBeNull();
    const before = await slaOf(id);
    await addTicketMessage(asAdmin, { ticketId: id, message: "Bonjour, essayez de vider le cache." });
    const row = await slaOf(id);
    expect(row.first_response_at).not.toBeNull();
    expect(row.first_response_due_at).toBeNull();
    expect(row.first_response_breached).toBe(false);
    // The clock's own write is not an edit: the reply moved the version once, like without SLA.
    expect(row.version).toBe(before.version + 1);
    expect(iso(row.sla_due_at)).toBe(iso(row.resolution_due_at));
  });

  it("starts a next-response cycle on the student's message after the first response", async () => {
    const id = await newTicket();
    await addTicketMessage(asAdmin, { ticketId: id, message: "Pouvez-vous préciser ?" });
    await addTicketMessage(asStudent, { ticketId: id, message: "Oui, voici les détails." });
    const row = await slaOf(id);
    expect(row.next_response_started_at).not.toBeNull();
    expect(iso(row.next_response_due_at)).toBe(
      plus(row.next_response_started_at as Date, DEFAULT_SLA_POLICIES.medium.nextResponse),
    );
    await addTicketMessage(asAdmin, { ticketId: id, message: "Merci, c'est réglé." });
    const answered = await slaOf(id);
    expect(answered.next_response_started_at).toBeNull();
    expect(answered.next_response_due_at).toBeNull();
  });

  it("recomputes the due times from creation when the priority changes", async () => {
    const id = await newTicket();
    const { version } = await slaOf(id);
    await updateTicketPriority(asAdmin, { ticketId: id, priority: "urgent", expectedVersion: version });
    const row = await slaOf(id);
    expect(iso(row.first_response_due_at)).toBe(plus(row.created_at, DEFAULT_SLA_POLICIES.urgent.firstResponse));
    expect(iso(row.resolution_due_at)).toBe(plus(row.created_at, DEFAULT_SLA_POLICIES.urgent.resolution));
  });

  it("leaves the clock alone on assignment", async () => {
    const id = await newTicket();
    const before = await slaOf(id);
    await assignTicket(asAdmin, { ticketId: id, assigneeId: otherAdmin.id, expectedVersion: before.version });
    const after = await slaOf(id);
    expect(iso(after.first_response_due_at)).toBe(iso(before.first_response_due_at));
    expect(iso(after.resolution_due_at)).toBe(iso(before.resolution_due_at));
  });

  it("pauses while resolved and resumes on the student's reply with the pause added", async () => {
    const id = await newTicket();
    await addTicketMessage(asAdmin, { ticketId: id, message: "Voici la solution." });
    const { version } = await slaOf(id);
    await updateTicketStatus(asAdmin, { ticketId: id, status: "resolved", expectedVersion: version });
    const paused = await slaOf(id);
    expect(paused.sla_paused_at).not.toBeNull();
    expect(paused.resolution_due_at).toBeNull();
    expect(paused.sla_due_at).toBeNull();
    expect(paused.sla_check_at).toBeNull();

    await addTicketMessage(asStudent, { ticketId: id, message: "Ça ne fonctionne toujours pas." });
    const resumed = await slaOf(id);
    expect(resumed.sla_paused_at).toBeNull();
    const pausedSeconds = resumed.sla_paused_seconds;
    // The pause's business time (0 at night or on a weekend), from the stored instants.
    const reopenedAt = resumed.next_response_started_at as Date;
    expect(pausedSeconds).toBe(
      Math.round(businessMinutesBetween(calendar, paused.sla_paused_at as Date, reopenedAt) * 60),
    );
    expect(iso(resumed.resolution_due_at)).toBe(
      plus(resumed.created_at, DEFAULT_SLA_POLICIES.medium.resolution + pausedSeconds / 60),
    );
    expect(iso(resumed.next_response_due_at)).toBe(plus(reopenedAt, DEFAULT_SLA_POLICIES.medium.nextResponse));
  });

  it("stops every clock when the student closes the ticket", async () => {
    const id = await newTicket();
    await closeTicket(asStudent, id);
    const row = await slaOf(id);
    expect(row.sla_due_at).toBeNull();
    expect(row.resolution_due_at).toBeNull();
    expect(row.sla_check_at).toBeNull();
  });
});

describe("what students can never see or write", () => {
  it("keeps SLA out of the student's DTOs", async () => {
    const id = await newTicket();
    const details = await getStudentTicketDetails(asStudent, id);
    const page = await getStudentTickets(asStudent, {});
    const text = JSON.stringify({ details, page });
    expect(text).toContain(id);
    expect(text).not.toMatch(/sla|due|breach|firstResponse|resolution/i);
  });

  it("refuses a student's own write to the clock's columns, and hides policies and alerts", async () => {
    const id = await newTicket();
    const write = await asUser(
      student.id,
      "update support_tickets set sla_due_at = now() + interval '1 year' where id = $1",
      [id],
    );
    expect(write).toMatchObject({ ok: false, code: "TK002" });
    // Even an admin's direct write: the clock is written by the clock only.
    const adminWrite = await asUser(admin.id, "update support_tickets set resolution_breached = true where id = $1", [
      id,
    ]);
    expect(adminWrite).toMatchObject({ ok: false, code: "TK002" });
    expect(await asUser(student.id, "select * from sla_policies")).toMatchObject({ ok: true, rows: [] });
    expect(await asUser(student.id, "select * from business_calendar")).toMatchObject({ ok: true, rows: [] });
    expect(await asUser(student.id, "select * from ticket_sla_alerts")).toMatchObject({ ok: true, rows: [] });
    const adminPolicies = await asUser(admin.id, "select * from sla_policies where category is null");
    expect(adminPolicies.ok && adminPolicies.rows).toHaveLength(4);
  });
});

/** Moves a ticket's running first-response due time to `dueAt` (and the job's next look to now). */
async function makeDue(ticketId: string, dueAt: string) {
  const done = await asServiceRole(
    `update support_tickets set first_response_due_at = $2::timestamptz,
       sla_due_at = least($2::timestamptz, resolution_due_at), sla_check_at = now() - interval '1 second'
     where id = $1`,
    [ticketId, dueAt],
    { commit: true },
  );
  expect(done).toMatchObject({ ok: true, rowCount: 1 });
}

const emit = (
  tx: Parameters<Parameters<typeof escalateSla>[0]>[0],
  event: Parameters<Parameters<typeof escalateSla>[0]>[1],
) => emitTicketEvent(tx, SYSTEM_ACTOR, event);

describe("the escalation job", () => {
  it("declares a breach once, with one history row, one webhook and one email per admin, even with two workers", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: "http://127.0.0.1:9/unused" });
    const id = await newTicket();
    await makeDue(id, new Date(Date.now() - 60_000).toISOString());

    const runs = await Promise.all([escalateSla(emit), escalateSla(emit)]);
    const again = await escalateSla(emit);
    expect(runs.reduce((sum, r) => sum + r.breaches, 0) + again.breaches).toBe(1);

    const row = await slaOf(id);
    expect(row.first_response_breached).toBe(true);
    // Only the resolution can still warn or breach now.
    expect(row.sla_check_at?.getTime()).toBeGreaterThan(Date.now());
    const history = await storedRows<{ type: string; from_value: string; actor_id: string | null }>(
      "select type::text as type, from_value, actor_id from ticket_events where ticket_id = $1 and type::text like 'sla_%'",
      [id],
    );
    expect(history).toEqual([{ type: "sla_breached", from_value: "first_response", actor_id: null }]);
    const hooks = await storedRows<{ type: string; payload: { data: Record<string, unknown> } }>(
      "select type, payload from webhook_events where ticket_id = $1 and type = 'ticket.sla_breached'",
      [id],
    );
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.payload.data).toMatchObject({ ticket_id: id, clock: "first_response", assigned_to: null });
    // Unassigned: every admin is told, once each.
    await expandQueuedNotifications();
    const emails = await storedRows<{ recipient_id: string }>(
      "select recipient_id from email_notifications where ticket_id = $1 and type = 'sla_breached'",
      [id],
    );
    const recipients = emails.map((e) => e.recipient_id);
    expect(recipients).toContain(admin.id);
    expect(recipients).toContain(otherAdmin.id);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).not.toContain(student.id);
  });

  it("warns the assignee only, once, before the due time", async () => {
    const id = await newTicket();
    const { version } = await slaOf(id);
    await assignTicket(asAdmin, { ticketId: id, assigneeId: otherAdmin.id, expectedVersion: version });
    await makeDue(id, new Date(Date.now() + 30 * 60_000).toISOString());

    const runs = await Promise.all([escalateSla(emit), escalateSla(emit)]);
    expect(runs.reduce((sum, r) => sum + r.warnings, 0)).toBe(1);
    expect((await escalateSla(emit)).warnings).toBe(0);
    const row = await slaOf(id);
    expect(row.first_response_breached).toBe(false);
    // Next look: the due time itself.
    expect(iso(row.sla_check_at)).toBe(iso(row.first_response_due_at));
    await expandQueuedNotifications();
    const emails = await storedRows<{ recipient_id: string }>(
      "select recipient_id from email_notifications where ticket_id = $1 and type = 'sla_warning'",
      [id],
    );
    expect(emails.map((e) => e.recipient_id)).toEqual([otherAdmin.id]);
    const hooks = await storedRows("select 1 from webhook_events where ticket_id = $1 and type like 'ticket.sla%'", [
      id,
    ]);
    expect(hooks).toEqual([]);
  });
});

describe("the worker's tasks", () => {
  it("escalate on the job's own connection (the worker process has no app pool)", async () => {
    const { slaWorkerJobs } = await import("@/features/sla/worker-jobs");
    const id = await newTicket();
    await makeDue(id, new Date(Date.now() - 5 * 60_000).toISOString());
    const jobs = slaWorkerJobs({ emit: (tx, event) => emitTicketEvent(tx, SYSTEM_ACTOR, event) });
    const client = await testPool().connect();
    try {
      const helpers = {
        withPgClient: <T>(work: (c: typeof client) => Promise<T>) => work(client),
        logger: { info: () => {} },
        addJob: async () => {},
      };
      await (jobs.taskList.sla_escalate as (payload: unknown, h: unknown) => Promise<void>)({}, helpers);
      await (jobs.taskList.sla_backfill as (payload: unknown, h: unknown) => Promise<void>)({}, helpers);
    } finally {
      client.release();
    }
    expect((await slaOf(id)).first_response_breached).toBe(true);
    expect(
      await storedRows("select 1 from ticket_sla_alerts where ticket_id = $1 and stage = 'breached'", [id]),
    ).toHaveLength(1);
  });
});

describe("the backfill", () => {
  it("computes tickets from before the clock from their history, and leaves the version alone", async () => {
    const ticket = await createTicket({ userId: student.id });
    await createMessage({ ticketId: ticket.id, userId: admin.id, message: "Réponse de l'équipe" });
    const before = await slaOf(ticket.id);
    expect(before.sla_computed_at).toBeNull();
    await backfillSla({ batchSize: 50 });
    const row = await slaOf(ticket.id);
    expect(row.sla_computed_at).not.toBeNull();
    expect(row.first_response_at).not.toBeNull();
    expect(row.first_response_due_at).toBeNull();
    expect(iso(row.resolution_due_at)).toBe(plus(row.created_at, DEFAULT_SLA_POLICIES.medium.resolution));
    expect(row.version).toBe(before.version);
    expect(iso(row.updated_at)).toBe(iso(before.updated_at));
  });
});

describe("the admin list's SLA filter and sort", () => {
  it("lists late and due-soon tickets, soonest first, with their badge data, page after page", async () => {
    const { getAllSupportTickets } = await import("@/features/tickets/service/get-all-support-tickets");
    // A category of its own: other files' tickets (some created months ago, so long late) stay out.
    const { slug: category } = await createTicketCategory();
    const late = await newTicket(category);
    const soon = await newTicket(category);
    const later = await newTicket(category);
    // More than a page, so the keyset pages below really continue one another.
    for (let i = 0; i < 26; i++) await newTicket(category);
    const setDue = (id: string, offsetMinutes: number) =>
      asServiceRole(
        `update support_tickets set first_response_due_at = now() + make_interval(mins => $2),
           sla_due_at = now() + make_interval(mins => $2) where id = $1`,
        [id, offsetMinutes],
        { commit: true },
      );
    await setDue(late, -100_000);
    await setDue(soon, 20);
    await setDue(later, -99_000);

    const lateIds = (await getAllSupportTickets(asAdmin, { category, sla: "late", sort: "due_soonest" })).items.map(
      (i) => i.id,
    );
    expect(lateIds).toEqual([late, later]);
    expect(lateIds).not.toContain(soon);
    const soonPage = await getAllSupportTickets(asAdmin, { category, sla: "due_soon" });
    expect(soonPage.items.map((i) => i.id)).toContain(soon);
    expect(soonPage.items.map((i) => i.id)).not.toContain(late);
    const item = soonPage.items.find((i) => i.id === soon);
    expect(item?.sla.clock).toBe("first_response");
    expect(item?.sla.dueAt?.getTime()).toBeGreaterThan(Date.now());

    // Keyset pages on the due sort: page 2 continues after page 1, with no repeat.
    const all: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await getAllSupportTickets(asAdmin, { category, sort: "due_soonest", cursor });
      all.push(...page.items.map((x) => x.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(all).toHaveLength(29);
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 3)).toEqual([late, later, soon]);
  });
});

describe("the SLA settings", () => {
  it("an admin's new policy moves the next computation; students cannot read or change them", async () => {
    const settings = await import("@/features/sla/service/sla-settings");
    await settings.saveSlaPolicy(asAdmin, {
      priority: "medium",
      category: "soutien-technique",
      firstResponse: 30,
      nextResponse: 60,
      resolution: 120,
    });
    const id = await newTicket();
    const row = await slaOf(id);
    expect(iso(row.first_response_due_at)).toBe(plus(row.created_at, 30));
    await expect(
      settings.saveSlaPolicy(asStudent, {
        priority: "low",
        category: null,
        firstResponse: 1,
        nextResponse: 1,
        resolution: 1,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const current = await settings.getSlaSettings(asAdmin);
    const override = current.policies.find((p) => p.category === "soutien-technique");
    await settings.deleteSlaPolicy(asAdmin, { id: override?.id ?? "" });
    await expect(
      settings.saveBusinessCalendar(asAdmin, {
        weekly: { "1": [[600, 500]] },
        statutoryHolidays: true,
        warningMinutes: 60,
      }),
    ).rejects.toThrow();
    await settings.addBusinessHoliday(asAdmin, { day: "2031-12-24", label: "Fermeture des fêtes" });
    await expect(settings.addBusinessHoliday(asAdmin, { day: "2031-12-24", label: "Encore" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect((await settings.getSlaSettings(asAdmin)).addedHolidays).toContainEqual({
      day: "2031-12-24",
      label: "Fermeture des fêtes",
    });
    await settings.deleteBusinessHoliday(asAdmin, { day: "2031-12-24" });
  });
});
