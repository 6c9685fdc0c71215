/**
 * Issue 17: the admin list's student filter, the students' type-ahead, the requester page's
 * service and the dashboard's unresolved figures and work lists.
 *
 * The database is shared by every test file of a run (one after another): each test builds
 * its own students and tickets and asserts on those, or compares the dashboard with direct
 * SQL counts taken at the same moment; no global total is asserted as a fixed number.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getAllSupportTicketsAction } from "@/features/tickets/actions/admin-actions";
import type { TAdminTicketsQuery } from "@/features/tickets/schemas";
import { exportAdminTickets } from "@/features/tickets/service/export-admin-tickets";
import { DASHBOARD_COUNT_CAP, getAdminDashboard } from "@/features/tickets/service/get-admin-dashboard";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getStudentProfile } from "@/features/tickets/service/get-student-profile";
import { deleteView, listSavedViewsWithCounts, saveView } from "@/features/tickets/service/saved-views";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { searchStudentsAction } from "@/features/users/actions/account-actions";
import { findStudent, searchStudents } from "@/features/users/service/search-students";
import type { TSessionUser } from "@/server/auth/session";
import {
  createAdmin,
  createMessage,
  createStudent,
  createTicket,
  createTutor,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { dataOf, expectServerError, expectValidationError, signInAs, signOut } from "../support/actions";
import { expectAppError, setCreatedAt, setUpdatedAt } from "../support/admin-tickets";
import { asServiceRole, asUser, rowsOf } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let admin: TUserRow;
let asAdmin: TSessionUser;

beforeAll(async () => {
  admin = await createAdmin();
  asAdmin = sessionUserOf(admin);
});

async function idsFor(query: TAdminTicketsQuery, user: TSessionUser = asAdmin): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await getAllSupportTickets(user, { ...query, cursor });
    ids.push(...result.items.map((item) => item.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("more than 20 pages");
}

describe("the admin list's student filter", () => {
  let student: TUserRow;
  let other: TUserRow;
  let mine: string[];
  let theirs: string[];

  beforeAll(async () => {
    [student, other] = await Promise.all([createStudent(), createStudent()]);
    // More than a page (20), in every status and priority, so each sort pages through its index.
    const statuses = ["open", "in_progress", "resolved", "closed"] as const;
    const priorities = ["low", "medium", "high", "urgent"] as const;
    mine = [];
    for (let i = 0; i < 23; i++) {
      const row = await createTicket({
        userId: student.id,
        status: statuses[i % 4],
        priority: priorities[(i >> 2) % 4],
      });
      mine.push(row.id);
    }
    theirs = [(await createTicket({ userId: other.id })).id, (await createTicket({ userId: other.id })).id];
  });

  it.each([
    "created_desc",
    "created_asc",
    "updated_desc",
    "updated_asc",
    "priority_desc",
    "priority_asc",
    "status_asc",
    "status_desc",
  ] as const)("gives an admin exactly the student's tickets, each once, sorted %s", async (sort) => {
    const ids = await idsFor({ student: student.id, sort });
    expect(ids).toHaveLength(mine.length);
    expect([...ids].sort()).toEqual([...mine].sort());
    const rows = (await getAllSupportTickets(asAdmin, { student: other.id, sort })).items;
    expect(rows.map((row) => row.id).sort()).toEqual([...theirs].sort());
    expect(new Set(rows.map((row) => row.student.id))).toEqual(new Set([other.id]));
  });

  it("combines with the other filters", async () => {
    const open = await idsFor({ student: student.id, status: "open" });
    const expected = rowsOf(
      await asServiceRole<{ id: string }>(
        "select id from public.support_tickets where user_id = $1 and status = 'open' order by id",
        [student.id],
      ),
    ).map((row) => row.id);
    expect([...open].sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("a saved view keeps the student (its address and its count), and the CSV export has their tickets only", async () => {
    const view = await saveView(asAdmin, { name: `Élève ${student.id.slice(0, 8)}`, params: { student: student.id } });
    try {
      expect(view.search).toBe(`?student=${student.id}`);
      const counted = (await listSavedViewsWithCounts(asAdmin)).views.find((v) => v.id === view.id);
      expect(counted?.count).toBe(mine.length);
    } finally {
      await deleteView(asAdmin, view.id);
    }
    const csv = await new Response(await exportAdminTickets(asAdmin, { student: other.id }, "fr-CA")).text();
    const lines = csv.trim().split(/\r?\n/).slice(1);
    expect(lines).toHaveLength(theirs.length);
    for (const line of lines) expect(line).toContain(other.email);
  });

  it("an unknown student lists nothing; a malformed id is refused at the edge", async () => {
    expect(await idsFor({ student: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
    await signInAs(admin);
    try {
      expectValidationError(await getAllSupportTicketsAction({ student: "not-a-uuid" }), { student: "invalidId" });
    } finally {
      signOut();
    }
  });

  it("a student cannot use it: the service refuses, and RLS shows them none of another's tickets", async () => {
    await expectAppError(getAllSupportTickets(sessionUserOf(student), { student: other.id }), "FORBIDDEN");
    await signInAs(student);
    try {
      expectServerError(await getAllSupportTicketsAction({ student: other.id }), "FORBIDDEN");
    } finally {
      signOut();
    }
    const seen = await asUser<{ id: string }>(student.id, "select id from public.support_tickets where user_id = $1", [
      other.id,
    ]);
    expect(seen).toMatchObject({ ok: true, rows: [] });
  });
});

describe("the students' type-ahead", () => {
  let emilie: TUserRow;
  let suffix: string;

  beforeAll(async () => {
    suffix = Math.random().toString(36).slice(2, 8);
    emilie = await createStudent({
      firstName: "Émilie",
      lastName: `Zéphyrin${suffix}`,
      email: `emilie.z${suffix}@exemple.test`,
    });
    // Same name, not students: never offered.
    await createAdmin({ firstName: "Émilie", lastName: `Zéphyrin${suffix}` });
    await createTutor({ firstName: "Émilie", lastName: `Zéphyrin${suffix}` });
  });

  const idsOf = async (q: string) => (await searchStudents(asAdmin, { q })).map((s) => s.id);

  it("finds a student by the start of the last name, of 'first last' or of the email, accents and case folded", async () => {
    expect(await idsOf(`zephyrin${suffix}`)).toEqual([emilie.id]);
    expect(await idsOf(`ÉMILIE ZÉPHYRIN${suffix}`)).toEqual([emilie.id]);
    expect(await idsOf(`emilie.z${suffix}`)).toEqual([emilie.id]);
    expect(await searchStudents(asAdmin, { q: `Zephyrin${suffix}` })).toEqual([
      { id: emilie.id, name: emilie.name, email: emilie.email },
    ]);
  });

  it("matches prefixes only, and LIKE's wildcards are plain characters", async () => {
    expect(await idsOf(`ephyrin${suffix}`)).toEqual([]);
    expect(await idsOf(`z%${suffix}`)).toEqual([]);
    expect(await idsOf(`zephyri_${suffix}`)).toEqual([]);
  });

  it("offers at most 8 students", async () => {
    const tag = `Qx${suffix}`;
    for (let i = 0; i < 9; i++) await createStudent({ lastName: `${tag}${i}` });
    expect(await idsOf(tag)).toHaveLength(8);
  });

  it("is for admins only: the action, the service and the database function refuse others", async () => {
    for (const who of [await createStudent(), await createTutor()]) {
      await signInAs(who);
      try {
        expectServerError(await searchStudentsAction({ q: "emilie" }), "FORBIDDEN");
      } finally {
        signOut();
      }
      await expectAppError(searchStudents(sessionUserOf(who), { q: "emilie" }), "FORBIDDEN");
      expect(await asUser(who.id, "select public.admin_search_student_ids('emilie', 8)")).toMatchObject({
        ok: false,
        code: "42501",
      });
    }
  });

  it("the action answers an admin, and refuses fewer than 2 letters", async () => {
    await signInAs(admin);
    try {
      const found = dataOf(await searchStudentsAction({ q: `zephyrin${suffix}` }));
      expect(found.map((s) => s.id)).toEqual([emilie.id]);
      expectValidationError(await searchStudentsAction({ q: " z " }), { q: "searchTooShort" });
    } finally {
      signOut();
    }
  });

  it("names a student for the filter's chip, and nobody else", async () => {
    expect(await findStudent(asAdmin, emilie.id)).toEqual({ id: emilie.id, name: emilie.name, email: emilie.email });
    expect(await findStudent(asAdmin, admin.id)).toBeNull();
  });
});

describe("the requester page's service", () => {
  it("gives an admin the student's card, and NOT_FOUND for an unknown id or an account that is no student's", async () => {
    const student = await createStudent();
    await createTicket({ userId: student.id });
    const card = await getStudentProfile(asAdmin, student.id);
    expect(card).toMatchObject({ id: student.id, email: student.email, ticketCount: 1 });
    await expectAppError(getStudentProfile(asAdmin, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
    await expectAppError(getStudentProfile(asAdmin, admin.id), "NOT_FOUND");
    await expectAppError(getStudentProfile(sessionUserOf(student), student.id), "FORBIDDEN");
  });
});

describe("the dashboard", () => {
  type TSqlCounts = { total: number; low: number; medium: number; high: number; urgent: number };
  const sqlCounts = async (): Promise<TSqlCounts> => {
    const [row] = rowsOf(
      await asServiceRole<TSqlCounts>(
        `select count(*)::int as total,
                count(*) filter (where priority = 'low')::int as low,
                count(*) filter (where priority = 'medium')::int as medium,
                count(*) filter (where priority = 'high')::int as high,
                count(*) filter (where priority = 'urgent')::int as urgent
           from public.support_tickets where status in ('open', 'in_progress')`,
      ),
    );
    if (!row) throw new Error("no counts");
    return row;
  };
  const capped = (n: number) => Math.min(n, DASHBOARD_COUNT_CAP + 1);

  it("counts unresolved tickets, in total and by priority, as SQL does (resolved and closed left out)", async () => {
    const student = await createStudent();
    const before = await getAdminDashboard(asAdmin);
    await createTicket({ userId: student.id, priority: "urgent", status: "open" });
    await createTicket({ userId: student.id, priority: "urgent", status: "in_progress" });
    await createTicket({ userId: student.id, priority: "urgent", status: "resolved" });
    await createTicket({ userId: student.id, priority: "low", status: "closed" });
    const after = await getAdminDashboard(asAdmin);
    const expected = await sqlCounts();
    expect(after.unresolved).toBe(capped(expected.total));
    expect(after.byPriority).toEqual({
      low: capped(expected.low),
      medium: capped(expected.medium),
      high: capped(expected.high),
      urgent: capped(expected.urgent),
    });
    if (expected.total < DASHBOARD_COUNT_CAP) {
      expect(after.unresolved - before.unresolved).toBe(2);
      expect(after.byPriority.urgent - before.byPriority.urgent).toBe(2);
      expect(after.byPriority.low - before.byPriority.low).toBe(0);
    }
  });

  it("counts for admins only: the database function refuses a student and a tutor", async () => {
    for (const who of [await createStudent(), await createTutor()]) {
      await expectAppError(getAdminDashboard(sessionUserOf(who)), "FORBIDDEN");
      expect(await asUser(who.id, "select * from public.admin_unresolved_counts(1000)")).toMatchObject({
        ok: false,
        code: "42501",
      });
    }
  });

  it("lists the viewer's unresolved tickets, least recently updated first", async () => {
    const me = await createAdmin();
    const asMe = sessionUserOf(me);
    const otherAdmin = await createAdmin();
    const student = await createStudent();
    const a = await createTicket({ userId: student.id, assignedTo: me.id, status: "open" });
    const b = await createTicket({ userId: student.id, assignedTo: me.id, status: "in_progress" });
    const c = await createTicket({ userId: student.id, assignedTo: me.id, status: "open" });
    await createTicket({ userId: student.id, assignedTo: me.id, status: "resolved" });
    await createTicket({ userId: student.id, assignedTo: otherAdmin.id, status: "open" });
    await setUpdatedAt([a.id], "2026-01-03T00:00:00Z");
    await setUpdatedAt([b.id], "2026-01-01T00:00:00Z");
    await setUpdatedAt([c.id], "2026-01-02T00:00:00Z");
    expect((await getAdminDashboard(asMe)).assignedToMe.map((t) => t.id)).toEqual([b.id, c.id, a.id]);
    // A change moves the ticket to the end.
    await updateTicketPriority(asMe, { ticketId: b.id, priority: "high" });
    expect((await getAdminDashboard(asMe)).assignedToMe.map((t) => t.id)).toEqual([c.id, a.id, b.id]);
  });

  it("lists the oldest unresolved tickets waiting for an answer (none yet, or the student's last public message)", async () => {
    const student = await createStudent();
    const helper = await createAdmin();
    const noMessage = await createTicket({ userId: student.id });
    const studentLast = await createTicket({ userId: student.id, status: "in_progress" });
    await createMessage({ ticketId: studentLast.id, userId: helper.id });
    await createMessage({ ticketId: studentLast.id, userId: student.id });
    const answered = await createTicket({ userId: student.id });
    await createMessage({ ticketId: answered.id, userId: student.id });
    await createMessage({ ticketId: answered.id, userId: helper.id });
    const noteLast = await createTicket({ userId: student.id });
    await createMessage({ ticketId: noteLast.id, userId: student.id });
    await createMessage({ ticketId: noteLast.id, userId: helper.id, isInternal: true });
    const resolved = await createTicket({ userId: student.id, status: "resolved" });
    // Older than anything other files create, so they head the list.
    const ordered = [noMessage, studentLast, answered, noteLast, resolved];
    for (const [i, ticket] of ordered.entries()) await setCreatedAt([ticket.id], `1990-01-0${i + 1}T00:00:00Z`);

    const { awaitingReply } = await getAdminDashboard(asAdmin);
    expect(awaitingReply.slice(0, 3).map((t) => t.id)).toEqual([noMessage.id, studentLast.id, noteLast.id]);
    expect(awaitingReply.map((t) => t.id)).not.toContain(answered.id);
    expect(awaitingReply.map((t) => t.id)).not.toContain(resolved.id);
  });

  it("shows unresolved tickets only among the newest", async () => {
    const student = await createStudent();
    const open = await createTicket({ userId: student.id });
    const closed = await createTicket({ userId: student.id, status: "closed" });
    const { recent } = await getAdminDashboard(asAdmin);
    const ids = recent.map((t) => t.id);
    expect(ids[0]).toBe(open.id);
    expect(ids).not.toContain(closed.id);
    expect(recent.every((t) => t.status === "open" || t.status === "in_progress")).toBe(true);
  });
});
