/**
 * Student side of the ticket domain, part 2: the student's ticket list (plan 3.1
 * getStudentTickets): ownership, status filter and counts, keyset pages of 20, message
 * counts and the unread flag, and a DTO without priority or assignee identity.
 * Each test works with students of its own, so tickets made elsewhere never enter it.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getStudentTicketsAction } from "@/features/tickets/actions/student-actions";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import {
  createAdmin,
  createMessage,
  createStudent,
  createTicket,
  createTutor,
  ghostSessionUser,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { actionErrorOf, expectRefusedInput, signInAs, signOut } from "../support/actions";
import { storedRows, tiePublicActivityAt } from "../support/tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let admin: TUserRow;
let tutor: TUserRow;

beforeAll(async () => {
  [admin, tutor] = await Promise.all([createAdmin({ lastName: "Vaillancourt-Secret" }), createTutor()]);
});

/** Tickets of `userId` with the given statuses, created one after another. */
async function ticketsWithStatuses(userId: string, statuses: TTicketStatus[]) {
  const tickets = [];
  for (const status of statuses) tickets.push(await createTicket({ userId, status }));
  return tickets;
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe("getStudentTickets: what the student sees", () => {
  it("lists only the student's own tickets, with counts per status", async () => {
    const [student, other] = await Promise.all([createStudent(), createStudent()]);
    const mine = await ticketsWithStatuses(student.id, [
      "open",
      "open",
      "in_progress",
      "resolved",
      "resolved",
      "resolved",
      "closed",
    ]);
    await ticketsWithStatuses(other.id, ["open", "resolved", "closed"]);

    const page = await getStudentTickets(sessionUserOf(student));

    expect(new Set(ids(page.items))).toEqual(new Set(ids(mine)));
    expect(page.items).toHaveLength(7);
    expect(page.counts).toEqual({ open: 2, in_progress: 1, resolved: 3, closed: 1 });
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ["open", 2],
    ["in_progress", 1],
    ["resolved", 3],
    ["closed", 1],
  ] as const)("filters by status %s, counts still cover every status", async (status, expected) => {
    const student = await createStudent();
    const mine = await ticketsWithStatuses(student.id, [
      "resolved",
      "open",
      "closed",
      "resolved",
      "in_progress",
      "open",
      "resolved",
    ]);

    const page = await getStudentTickets(sessionUserOf(student), { status });

    expect(page.items).toHaveLength(expected);
    expect(new Set(ids(page.items))).toEqual(new Set(ids(mine.filter((t) => t.status === status))));
    expect(page.items.every((item) => item.status === status)).toBe(true);
    expect(page.counts).toEqual({ open: 2, in_progress: 1, resolved: 3, closed: 1 });
  });

  it("refuses an unknown status with VALIDATION", async () => {
    // Input is parsed at the edge: the action the list's "load more" calls.
    const student = await createStudent();
    await signInAs(student);
    const result = await getStudentTicketsAction({ status: "pending" as TTicketStatus });
    signOut();
    expect(actionErrorOf(result)).toMatchObject({ code: "VALIDATION", fieldErrors: { status: expect.any(String) } });
  });

  it("shows whether the ticket is assigned, but neither the priority nor who is assigned", async () => {
    const student = await createStudent();
    const assigned = await createTicket({ userId: student.id, assignedTo: admin.id, priority: "urgent" });
    const unassigned = await createTicket({ userId: student.id, priority: "low" });

    const page = await getStudentTickets(sessionUserOf(student));

    const byId = new Map(page.items.map((item) => [item.id, item]));
    expect(byId.get(assigned.id)?.isAssigned).toBe(true);
    expect(byId.get(unassigned.id)?.isAssigned).toBe(false);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          "id",
          "number",
          "subject",
          "category",
          "categoryLabel",
          "status",
          "isAssigned",
          "createdAt",
          "updatedAt",
          "messageCount",
          "lastMessageAt",
          "unread",
        ].sort(),
      );
    }
    expect(Object.keys(page).sort()).toEqual(["counts", "items", "nextCursor"]);
    const json = JSON.stringify(page);
    expect(json).not.toContain(admin.id);
    expect(json).not.toContain(admin.lastName);
    expect(json).not.toContain("urgent");
  });
});

describe("getStudentTickets: keyset pages", () => {
  it("gives 45 tickets as pages of 20, 20 and 5 in (public_activity_at, id) order, without duplicates or gaps", async () => {
    const student = await createStudent();
    const me = sessionUserOf(student);
    const created = await ticketsWithStatuses(student.id, Array<TTicketStatus>(45).fill("open"));
    // Half of them (23) share one public_activity_at, the latest: the order, and the first page
    // boundary that falls inside the tie, must be decided by id.
    await tiePublicActivityAt(
      student.id,
      created.filter((_, i) => i % 2 === 0).map((t) => t.id),
    );
    const expected = (
      await storedRows<{ id: string }>(
        "select id from support_tickets where user_id = $1 order by public_activity_at desc, id desc",
        [student.id],
      )
    ).map((row) => row.id);
    const tied = await storedRows<{ n: number }>(
      "select count(*)::int as n from support_tickets where user_id = $1 group by public_activity_at order by 1 desc limit 1",
      [student.id],
    );
    expect(tied[0]?.n).toBeGreaterThan(20); // the tie spans the first page boundary

    const first = await getStudentTickets(me);
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));

    // A ticket created between two page loads lands before page 1 and must not shift page 2.
    const late = await createSupportTicket(me, {
      subject: "Nouvelle demande pendant la lecture",
      description: "Créée entre deux pages de la liste des demandes.",
      category: "autre",
    });

    const second = await getStudentTickets(me, { cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(20);
    const third = await getStudentTickets(me, { cursor: second.nextCursor ?? undefined });
    expect(third.items).toHaveLength(5);
    expect(third.nextCursor).toBeNull();

    const walked = [...ids(first.items), ...ids(second.items), ...ids(third.items)];
    expect(walked).toEqual(expected);
    expect(new Set(walked).size).toBe(45);
    expect(new Set(walked)).toEqual(new Set(ids(created)));
    expect(walked).not.toContain(late.id);
    expect(second.counts.open).toBe(46);

    const restart = await getStudentTickets(me);
    expect(restart.items[0]?.id).toBe(late.id);
  });

  it("pages a status filter on its own", async () => {
    const student = await createStudent();
    const me = sessionUserOf(student);
    const statuses = Array.from({ length: 36 }, (_, i): TTicketStatus => (i % 3 === 0 ? "open" : "resolved"));
    const created = await ticketsWithStatuses(student.id, statuses);

    const first = await getStudentTickets(me, { status: "resolved" });
    const second = await getStudentTickets(me, { status: "resolved", cursor: first.nextCursor ?? undefined });

    expect(first.items).toHaveLength(20);
    expect(second.items).toHaveLength(4);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...ids(first.items), ...ids(second.items)])).toEqual(
      new Set(ids(created.filter((t) => t.status === "resolved"))),
    );
  });

  it("refuses a cursor that was tampered with, made for another list, or garbage, with VALIDATION", async () => {
    const student = await createStudent();
    const me = sessionUserOf(student);
    await ticketsWithStatuses(student.id, Array<TTicketStatus>(21).fill("open"));
    const { nextCursor } = await getStudentTickets(me);
    expect(nextCursor).toEqual(expect.any(String));
    const decoded = JSON.parse(Buffer.from(String(nextCursor), "base64url").toString("utf8")) as {
      s: string;
      k: string[];
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

    for (const cursor of [
      "pas-un-curseur",
      encode({ ...decoded, s: "created_desc" }),
      encode({ ...decoded, k: ["hier soir", decoded.k[1]] }),
      encode({ ...decoded, k: ["2025-02-30T10:00:00.000000Z", decoded.k[1]] }),
      encode({ ...decoded, k: [decoded.k[0], "pas-un-uuid"] }),
      encode({ ...decoded, k: [decoded.k[0]] }),
    ]) {
      // Input is parsed at the edge: the action the list's "load more" calls.
      await signInAs(student);
      const result = await getStudentTicketsAction({ cursor });
      signOut();
      expectRefusedInput(actionErrorOf(result), { cursor: "cursorInvalid" });
    }
  });
});

describe("getStudentTickets: messages and the unread flag", () => {
  it("counts public messages only, dates the last one, and flags support replies the student has not read", async () => {
    const student = await createStudent();
    const me = sessionUserOf(student);
    const { id: ticketId } = await createSupportTicket(me, {
      subject: "Remboursement de la séance annulée",
      description: "Ma séance du 3 mars a été annulée par le tuteur, je voudrais être remboursée.",
      category: "paiement",
    });
    const itemOf = async () => {
      const page = await getStudentTickets(me);
      const item = page.items.find((i) => i.id === ticketId);
      if (!item) throw new Error("ticket missing from the student's list");
      return item;
    };

    expect(await itemOf()).toMatchObject({ messageCount: 0, lastMessageAt: null, unread: false });

    const reply = await createMessage({ ticketId, userId: admin.id, message: "Nous vérifions avec le tuteur." });
    const afterReply = await itemOf();
    expect(afterReply).toMatchObject({ messageCount: 1, unread: true });
    expect(afterReply.lastMessageAt?.getTime()).toBe(reply.createdAt.getTime());

    await getStudentTicketDetails(me, ticketId);
    expect((await itemOf()).unread).toBe(false);

    // An internal note is invisible: no count, no date, no unread flag.
    await createMessage({ ticketId, userId: admin.id, isInternal: true, message: "Note : rembourser 45 $." });
    const afterNote = await itemOf();
    expect(afterNote).toMatchObject({ messageCount: 1, unread: false });
    expect(afterNote.lastMessageAt?.getTime()).toBe(reply.createdAt.getTime());

    // The student's own message is never "unread" for them, even without a read marker update.
    const own = await createMessage({ ticketId, userId: student.id, message: "Merci, j'attends votre retour." });
    const afterOwn = await itemOf();
    expect(afterOwn).toMatchObject({ messageCount: 2, unread: false });
    expect(afterOwn.lastMessageAt?.getTime()).toBe(own.createdAt.getTime());

    // A reply through the service counts too and leaves the ticket read.
    await addTicketMessage(me, { ticketId, message: "Avez-vous des nouvelles ?" });
    expect(await itemOf()).toMatchObject({ messageCount: 3, unread: false });

    await createMessage({ ticketId, userId: admin.id, message: "Le remboursement est fait." });
    expect(await itemOf()).toMatchObject({ messageCount: 4, unread: true });
  });

  it("a ticket never read by the student is unread once support has replied", async () => {
    const student = await createStudent();
    const ticket = await createTicket({ userId: student.id });
    const quiet = await createTicket({ userId: student.id });
    await createMessage({ ticketId: ticket.id, userId: admin.id });

    const page = await getStudentTickets(sessionUserOf(student));

    const unreadById = Object.fromEntries(page.items.map((item) => [item.id, item.unread]));
    expect(unreadById).toEqual({ [ticket.id]: true, [quiet.id]: false });
  });
});

describe("getStudentTickets: who may call it", () => {
  it.each([
    ["a tutor", () => sessionUserOf(tutor)],
    ["an admin", () => sessionUserOf(admin)],
  ])("refuses %s with FORBIDDEN", async (_label, who) => {
    await expect(getStudentTickets(who())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives a session whose user is not in `users` an empty list", async () => {
    expect(await getStudentTickets(ghostSessionUser("student"))).toEqual({
      items: [],
      nextCursor: null,
      counts: { open: 0, in_progress: 0, resolved: 0, closed: 0 },
    });
  });

  it("row-level security hides tickets of a user whose session claims a role the database does not hold", async () => {
    // A tutor's stale or forged session saying "student": the service's WHERE user_id = me
    // would match the ticket stored in the tutor's name; the policy must still refuse it.
    const staleTutor = await createTutor();
    await createTicket({ userId: staleTutor.id });
    const page = await getStudentTickets({ ...sessionUserOf(staleTutor), role: "student" });
    expect(page.items).toEqual([]);
    expect(page.counts).toEqual({ open: 0, in_progress: 0, resolved: 0, closed: 0 });
  });
});

describe("getStudentTickets: what the student sees as updated (public_activity_at, migration 0014)", () => {
  let student: TUserRow;
  let me: TSessionUser;
  let asAdmin: TSessionUser;
  let asOtherAdmin: TSessionUser;

  beforeAll(async () => {
    student = await createStudent();
    me = sessionUserOf(student);
    asAdmin = sessionUserOf(admin);
    asOtherAdmin = sessionUserOf(await createAdmin());
  });

  const listed = async () => (await getStudentTickets(me)).items;
  const updatedAtOf = async (ticketId: string) => {
    const fromList = (await listed()).find((item) => item.id === ticketId)?.updatedAt;
    const fromDetails = (await getStudentTicketDetails(me, ticketId)).updatedAt;
    expect(fromList?.getTime()).toBe(fromDetails.getTime());
    return fromDetails.getTime();
  };

  it("does not move for an internal note, a priority change or a reassignment; moves for what the student sees", async () => {
    const [oldest, middle, newest] = await ticketsWithStatuses(student.id, ["open", "open", "open"]);
    if (!oldest || !middle || !newest) throw new Error("tickets missing");
    const order = [newest.id, middle.id, oldest.id];
    expect(ids(await listed())).toEqual(order);
    const created = await updatedAtOf(oldest.id);

    await addTicketMessage(asAdmin, {
      ticketId: oldest.id,
      message: "Note : vérifier le remboursement.",
      isInternal: true,
    });
    await updateTicketPriority(asAdmin, { ticketId: oldest.id, priority: "urgent" });
    expect(await updatedAtOf(oldest.id)).toBe(created);
    expect(ids(await listed())).toEqual(order);

    // Assigned or not is on the student's page ("Prise en charge"): that moves it…
    await assignTicket(asAdmin, { ticketId: oldest.id, assigneeId: admin.id });
    const assigned = await updatedAtOf(oldest.id);
    expect(assigned).toBeGreaterThan(created);
    expect(ids(await listed())[0]).toBe(oldest.id);
    // …who it is assigned to is not.
    await assignTicket(asOtherAdmin, { ticketId: oldest.id, assigneeId: (await createAdmin()).id });
    expect(await updatedAtOf(oldest.id)).toBe(assigned);

    // A public reply and a status change move it.
    await addTicketMessage(asAdmin, { ticketId: middle.id, message: "Bonjour, nous avons corrigé la séance." });
    expect(ids(await listed())[0]).toBe(middle.id);
    const replied = await updatedAtOf(middle.id);
    await updateTicketStatus(asAdmin, { ticketId: newest.id, status: "in_progress" });
    expect(ids(await listed())).toEqual([newest.id, middle.id, oldest.id]);
    expect(await updatedAtOf(newest.id)).toBeGreaterThan(replied);
  });

  it("cannot be set to another time than now, by anyone", async () => {
    const [ticket] = await ticketsWithStatuses(student.id, ["open"]);
    if (!ticket) throw new Error("ticket missing");
    const before = Date.now();
    // RETURNING shows the row as the guard trigger left it (the change is rolled back after).
    const [row] = await storedRows<{ public_activity_at: Date }>(
      "update public.support_tickets set public_activity_at = '2001-01-01' where id = $1 returning public_activity_at",
      [ticket.id],
    );
    expect(row?.public_activity_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});
