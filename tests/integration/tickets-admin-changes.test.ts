/**
 * Admin changes to a ticket (plan 3.2): updateTicketStatus, updateTicketPriority,
 * assignTicket, getAdminsForAssignment, addTicketMessage (public reply or internal note),
 * and what happens when two admins change the same ticket at the same moment.
 *
 * Each test works on tickets it creates and reads the outcome back as service_role:
 * the stored row (status, priority, assignee, version, timestamps) and its history.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { updateTicketPriorityAction, updateTicketStatusAction } from "@/features/tickets/actions/admin-actions";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminsForAssignment } from "@/features/tickets/service/get-ticket-form-options";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { toAppError } from "@/server/errors";
import {
  createAdmin,
  createStudent,
  createTicket,
  createTutor,
  sessionUserOf,
  type TTicketRow,
  type TUserRow,
} from "../factories";
import { createTicketCategory } from "../factories/categories";
import { actionErrorOf, dataOf, errorOfBody, expectRefusedInput, signInAs, signOut } from "../support/actions";
import {
  expectAppError,
  holdTicketLock,
  storedEvents,
  storedEventTimes,
  storedTicket,
  type TStoredTicket,
  waitForLockWaiters,
} from "../support/admin-tickets";
import { postMessageWith } from "../support/attachment-requests";
import { asServiceRole, asUser, rowsOf, sqlState } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let admin: TUserRow;
let otherAdmin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;
let asAdmin: TSessionUser;
let asOtherAdmin: TSessionUser;

beforeAll(async () => {
  [admin, otherAdmin, student, tutor] = await Promise.all([
    createAdmin(),
    createAdmin(),
    createStudent(),
    createTutor(),
  ]);
  asAdmin = sessionUserOf(admin);
  asOtherAdmin = sessionUserOf(otherAdmin);
});

const FORBIDDEN_ROLES = [
  ["a student (the ticket's owner)", () => student],
  ["a tutor", () => tutor],
] as const;

/** A ticket in `status`; a closed one went through resolved first, so it has a resolved_at to keep or clear. */
async function ticketIn(status: TTicketStatus): Promise<TTicketRow> {
  if (status !== "closed") return createTicket({ userId: student.id, status });
  const ticket = await createTicket({ userId: student.id, status: "resolved" });
  rowsOf(
    await asServiceRole("update public.support_tickets set status = 'closed' where id = $1", [ticket.id], {
      commit: true,
    }),
  );
  return ticket;
}

function expectUnchanged(after: TStoredTicket, before: TStoredTicket): void {
  expect(after).toEqual(before);
}

/** resolved_at: set when resolved, cleared when reopened, kept when closed. */
function expectResolvedAtRule(to: TTicketStatus, before: TStoredTicket, after: TStoredTicket): void {
  if (to === "resolved") {
    expect(after.resolved_at).not.toBeNull();
    expect(after.resolved_at?.getTime()).toBe(after.updated_at.getTime());
  } else if (to === "closed") {
    expect(after.resolved_at).toEqual(before.resolved_at);
  } else {
    expect(after.resolved_at).toBeNull();
  }
}

describe("updateTicketStatus", () => {
  const FORWARD: [TTicketStatus, TTicketStatus][] = [
    ["open", "in_progress"],
    ["open", "resolved"],
    ["open", "closed"],
    ["in_progress", "resolved"],
    ["in_progress", "closed"],
    ["resolved", "closed"],
  ];
  const BACKWARD: [TTicketStatus, TTicketStatus][] = [
    ["in_progress", "open"],
    ["resolved", "open"],
    ["resolved", "in_progress"],
    ["closed", "open"],
    ["closed", "in_progress"],
    ["closed", "resolved"],
  ];

  it.each(FORWARD)("moves %s → %s without a reason, with one status_changed event", async (from, to) => {
    const ticket = await ticketIn(from);
    const before = await storedTicket(ticket.id);
    const result = await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: to });
    const after = await storedTicket(ticket.id);
    expect(after.status).toBe(to);
    expect(after.version).toBe(before.version + 1);
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(result).toEqual({
      version: after.version,
      status: to,
      resolvedAt: after.resolved_at,
      updatedAt: after.updated_at,
    });
    expect(await storedEvents(ticket.id)).toEqual([
      { type: "status_changed", actor_id: admin.id, from_value: from, to_value: to, reason: null, message_id: null },
    ]);
    expectResolvedAtRule(to, before, after);
  });

  it.each(BACKWARD)("moves %s → %s back only with a reason, stored on the event", async (from, to) => {
    const ticket = await ticketIn(from);
    const before = await storedTicket(ticket.id);
    // Input is parsed at the edge (the action the status form calls trims the reason, "" → null).
    await signInAs(admin);
    for (const reason of [undefined, null, "", "   "]) {
      expectRefusedInput(actionErrorOf(await updateTicketStatusAction({ ticketId: ticket.id, status: to, reason })), {
        reason: "reasonRequired",
      });
    }
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);

    dataOf(await updateTicketStatusAction({ ticketId: ticket.id, status: to, reason: "  La cliente a rappelé.  " }));
    const after = await storedTicket(ticket.id);
    expect(after.status).toBe(to);
    expect(after.version).toBe(before.version + 1);
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(await storedEvents(ticket.id)).toEqual([
      {
        type: "status_changed",
        actor_id: admin.id,
        from_value: from,
        to_value: to,
        reason: "La cliente a rappelé.",
        message_id: null,
      },
    ]);
    expectResolvedAtRule(to, before, after);
  });

  it.each(["open", "in_progress", "resolved", "closed"] as const)(
    "refuses %s → the same status with INVALID_TRANSITION",
    async (status) => {
      const ticket = await ticketIn(status);
      const before = await storedTicket(ticket.id);
      await expectAppError(
        updateTicketStatus(asAdmin, { ticketId: ticket.id, status, reason: "même statut" }),
        "INVALID_TRANSITION",
      );
      expectUnchanged(await storedTicket(ticket.id), before);
      expect(await storedEvents(ticket.id)).toEqual([]);
    },
  );

  it("keeps resolved_at through resolved → closed, clears it on reopening, sets a new one when resolved again", async () => {
    const ticket = await ticketIn("open");
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "resolved" });
    const resolved = await storedTicket(ticket.id);
    expect(resolved.resolved_at).not.toBeNull();
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "closed" });
    expect((await storedTicket(ticket.id)).resolved_at).toEqual(resolved.resolved_at);
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "open", reason: "Pas réglé finalement" });
    expect((await storedTicket(ticket.id)).resolved_at).toBeNull();
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "resolved" });
    const again = await storedTicket(ticket.id);
    expect(again.resolved_at?.getTime()).toBeGreaterThan(resolved.resolved_at?.getTime() ?? 0);
    expect((await storedEvents(ticket.id)).map((e) => `${e.from_value}→${e.to_value}`)).toEqual([
      "open→resolved",
      "resolved→closed",
      "closed→open",
      "open→resolved",
    ]);
  });

  it("stores a reason given on a forward move too, and refuses one over 500 characters", async () => {
    const ticket = await ticketIn("open");
    // Input is parsed at the edge: the action the status form calls.
    await signInAs(admin);
    expectRefusedInput(
      actionErrorOf(
        await updateTicketStatusAction({ ticketId: ticket.id, status: "in_progress", reason: "x".repeat(501) }),
      ),
      { reason: "reasonTooLong" },
    );
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "in_progress", reason: "x".repeat(500) });
    expect((await storedEvents(ticket.id))[0]?.reason).toBe("x".repeat(500));
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN and changes nothing", async (_label, who) => {
    const ticket = await ticketIn("resolved");
    const before = await storedTicket(ticket.id);
    for (const status of ["open", "in_progress", "closed"] as const) {
      await expectAppError(
        updateTicketStatus(sessionUserOf(who()), { ticketId: ticket.id, status, reason: "je veux" }),
        "FORBIDDEN",
      );
    }
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it("gives NOT_FOUND for an unknown ticket and VALIDATION for a malformed id or status", async () => {
    await expectAppError(updateTicketStatus(asAdmin, { ticketId: randomUUID(), status: "in_progress" }), "NOT_FOUND");
    // Input is parsed at the edge: the action the status form calls.
    await signInAs(admin);
    expectRefusedInput(actionErrorOf(await updateTicketStatusAction({ ticketId: "1042", status: "in_progress" })), {
      ticketId: "invalidId",
    });
    const ticket = await ticketIn("open");
    expect(
      actionErrorOf(await updateTicketStatusAction({ ticketId: ticket.id, status: "reopened" as TTicketStatus })),
    ).toMatchObject({ code: "VALIDATION" });
  });
});

describe("updateTicketPriority", () => {
  it("changes the priority with a priority_changed event (from, to), moving version and updated_at", async () => {
    const ticket = await createTicket({ userId: student.id });
    const before = await storedTicket(ticket.id);
    const result = await updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "urgent" });
    const after = await storedTicket(ticket.id);
    expect(after).toMatchObject({ priority: "urgent", version: before.version + 1 });
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(result).toEqual({ version: after.version, priority: "urgent" });
    await updateTicketPriority(asOtherAdmin, { ticketId: ticket.id, priority: "low" });
    expect(await storedEvents(ticket.id)).toEqual([
      {
        type: "priority_changed",
        actor_id: admin.id,
        from_value: "medium",
        to_value: "urgent",
        reason: null,
        message_id: null,
      },
      {
        type: "priority_changed",
        actor_id: otherAdmin.id,
        from_value: "urgent",
        to_value: "low",
        reason: null,
        message_id: null,
      },
    ]);
  });

  it("the same priority again: no event, no new version", async () => {
    const ticket = await createTicket({ userId: student.id, priority: "high" });
    const before = await storedTicket(ticket.id);
    expect(await updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "high" })).toEqual({
      version: before.version,
      priority: "high",
    });
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN and changes nothing", async (_label, who) => {
    const ticket = await createTicket({ userId: student.id });
    const before = await storedTicket(ticket.id);
    await expectAppError(
      updateTicketPriority(sessionUserOf(who()), { ticketId: ticket.id, priority: "urgent" }),
      "FORBIDDEN",
    );
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it("refuses an unknown priority with VALIDATION", async () => {
    const ticket = await createTicket({ userId: student.id });
    // Input is parsed at the edge: the action the priority form calls.
    await signInAs(admin);
    expect(
      actionErrorOf(await updateTicketPriorityAction({ ticketId: ticket.id, priority: "critical" as "urgent" })),
    ).toMatchObject({ code: "VALIDATION" });
  });
});

describe("assignTicket and getAdminsForAssignment", () => {
  it("assigns to an admin, reassigns, and null unassigns, each with an `assigned` event (from, to)", async () => {
    const ticket = await createTicket({ userId: student.id });
    const before = await storedTicket(ticket.id);
    expect(await assignTicket(asAdmin, { ticketId: ticket.id, assigneeId: admin.id })).toEqual({
      version: before.version + 1,
      assigneeId: admin.id,
    });
    expect(await storedTicket(ticket.id)).toMatchObject({ assigned_to: admin.id, version: before.version + 1 });
    await assignTicket(asAdmin, { ticketId: ticket.id, assigneeId: otherAdmin.id });
    expect((await storedTicket(ticket.id)).assigned_to).toBe(otherAdmin.id);
    await assignTicket(asOtherAdmin, { ticketId: ticket.id, assigneeId: null });
    const after = await storedTicket(ticket.id);
    expect(after).toMatchObject({ assigned_to: null, version: before.version + 3 });
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    const assigned = (actor: string, from: string | null, to: string | null) => ({
      type: "assigned",
      actor_id: actor,
      from_value: from,
      to_value: to,
      reason: null,
      message_id: null,
    });
    expect(await storedEvents(ticket.id)).toEqual([
      assigned(admin.id, null, admin.id),
      assigned(admin.id, admin.id, otherAdmin.id),
      assigned(otherAdmin.id, otherAdmin.id, null),
    ]);
  });

  it("the assignee it already has: no event, no new version", async () => {
    const ticket = await createTicket({ userId: student.id, assignedTo: admin.id });
    const before = await storedTicket(ticket.id);
    await assignTicket(asAdmin, { ticketId: ticket.id, assigneeId: admin.id });
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it.each([
    ["a student", () => student.id],
    ["a tutor", () => tutor.id],
    ["nobody (an unknown id)", () => randomUUID()],
  ])("refuses %s as assignee with VALIDATION assigneeNotAdmin, and changes nothing", async (_label, assigneeId) => {
    const ticket = await createTicket({ userId: student.id, assignedTo: otherAdmin.id });
    const before = await storedTicket(ticket.id);
    await expectAppError(assignTicket(asAdmin, { ticketId: ticket.id, assigneeId: assigneeId() }), "VALIDATION", {
      assigneeId: "assigneeNotAdmin",
    });
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN (assigning and listing admins)", async (_label, who) => {
    const ticket = await createTicket({ userId: student.id });
    const before = await storedTicket(ticket.id);
    await expectAppError(
      assignTicket(sessionUserOf(who()), { ticketId: ticket.id, assigneeId: admin.id }),
      "FORBIDDEN",
    );
    await expectAppError(getAdminsForAssignment(sessionUserOf(who())), "FORBIDDEN");
    expectUnchanged(await storedTicket(ticket.id), before);
  });

  it("getAdminsForAssignment lists every admin and only admins, with name and email", async () => {
    const admins = await getAdminsForAssignment(asAdmin);
    expect(admins).toContainEqual({
      id: admin.id,
      firstName: admin.firstName,
      lastName: admin.lastName,
      email: admin.email,
    });
    expect(admins.map((a) => a.id)).toContain(otherAdmin.id);
    const stored = rowsOf(
      await asServiceRole<{ id: string }>("select id from public.users where role = 'admin' order by id"),
    );
    expect(admins.map((a) => a.id).sort()).toEqual(stored.map((row) => row.id));
    expect(admins.map((a) => a.id)).not.toContain(student.id);
    expect(admins.map((a) => a.id)).not.toContain(tutor.id);
  });
});

describe("addTicketMessage as an admin", () => {
  type TStoredMessage = { id: string; user_id: string; message: string; is_internal: boolean };
  const storedMessages = async (ticketId: string) =>
    rowsOf(
      await asServiceRole<TStoredMessage>(
        "select id, user_id, message, is_internal from public.ticket_messages where ticket_id = $1 order by created_at, id",
        [ticketId],
      ),
    );

  it("a public reply: message_added event, version and updated_at move, status unchanged", async () => {
    const ticket = await createTicket({ userId: student.id, status: "in_progress" });
    const before = await storedTicket(ticket.id);
    // Input is parsed at the edge: the route handler the reply form posts to trims the message.
    const { status, body } = await postMessageWith(asAdmin, ticket.id, { message: "  Bonjour, c'est réglé.  " }, []);
    expect(status, JSON.stringify(body)).toBe(200);
    const result = body.data as { messageId: string; status: string };
    expect(result).toEqual({ messageId: expect.any(String), status: "in_progress" });
    expect(await storedMessages(ticket.id)).toEqual([
      { id: result.messageId, user_id: admin.id, message: "Bonjour, c'est réglé.", is_internal: false },
    ]);
    expect(await storedEvents(ticket.id)).toEqual([
      {
        type: "message_added",
        actor_id: admin.id,
        from_value: null,
        to_value: null,
        reason: null,
        message_id: result.messageId,
      },
    ]);
    const after = await storedTicket(ticket.id);
    expect(after).toMatchObject({ status: "in_progress", version: before.version + 1 });
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });

  it("an admin's reply on a resolved ticket leaves it resolved (only a student's reply reopens it)", async () => {
    const ticket = await createTicket({ userId: student.id, status: "resolved" });
    const result = await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Autre chose ?" });
    expect(result.status).toBe("resolved");
    expect((await storedTicket(ticket.id)).status).toBe("resolved");
    expect((await storedEvents(ticket.id)).map((e) => e.type)).toEqual(["message_added"]);
  });

  it("an internal note: is_internal, internal_note_added event, and the student's SQL cannot see it", async () => {
    const ticket = await createTicket({ userId: student.id });
    const reply = await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Nous regardons." });
    const note = await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Note : paiement en double ?",
      isInternal: true,
    });
    expect(await storedMessages(ticket.id)).toEqual([
      { id: reply.messageId, user_id: admin.id, message: "Nous regardons.", is_internal: false },
      { id: note.messageId, user_id: admin.id, message: "Note : paiement en double ?", is_internal: true },
    ]);
    expect((await storedEvents(ticket.id)).map((e) => [e.type, e.message_id])).toEqual([
      ["message_added", reply.messageId],
      ["internal_note_added", note.messageId],
    ]);
    const seenByStudent = rowsOf(
      await asUser<{ id: string }>(student.id, "select id from public.ticket_messages where ticket_id = $1", [
        ticket.id,
      ]),
    );
    expect(seenByStudent.map((row) => row.id)).toEqual([reply.messageId]);
    const noteAsStudent = rowsOf(
      await asUser(student.id, "select id from public.ticket_messages where id = $1", [note.messageId]),
    );
    expect(noteAsStudent).toEqual([]);
  });

  it("a public reply on a closed ticket: TICKET_CLOSED, nothing written; an internal note: accepted", async () => {
    const ticket = await ticketIn("closed");
    const before = await storedTicket(ticket.id);
    await expectAppError(
      addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Réponse tardive" }),
      "TICKET_CLOSED",
    );
    expectUnchanged(await storedTicket(ticket.id), before);
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedEvents(ticket.id)).toEqual([]);

    const note = await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Pour mémoire.", isInternal: true });
    expect(note.status).toBe("closed");
    expect(await storedMessages(ticket.id)).toEqual([
      { id: note.messageId, user_id: admin.id, message: "Pour mémoire.", is_internal: true },
    ]);
    expect((await storedEvents(ticket.id)).map((e) => e.type)).toEqual(["internal_note_added"]);
    expect((await storedTicket(ticket.id)).status).toBe("closed");
  });

  it("the admin's own message leaves the ticket read for them", async () => {
    const category = await createTicketCategory();
    const ticket = await createTicket({ userId: student.id, category: category.slug });
    const unreadOf = async () => (await getAllSupportTickets(asAdmin, { category: category.slug })).items[0]?.unread;
    expect(await unreadOf()).toBe(true);
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Je m'en occupe.", isInternal: true });
    expect(await unreadOf()).toBe(false);
  });

  it("refuses a tutor, and a student's internal note, with FORBIDDEN", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expectAppError(
      addTicketMessage(sessionUserOf(tutor), { ticketId: ticket.id, message: "Bonjour" }),
      "FORBIDDEN",
    );
    await expectAppError(
      addTicketMessage(sessionUserOf(student), { ticketId: ticket.id, message: "Secret", isInternal: true }),
      "FORBIDDEN",
    );
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it("refuses an empty and a too long message with VALIDATION; 5000 characters is fine", async () => {
    const ticket = await createTicket({ userId: student.id });
    // Input is parsed at the edge: the route handler the reply form posts to.
    for (const [message, key] of [
      ["   ", "messageTooShort"],
      ["a".repeat(5001), "messageTooLong"],
    ] as const) {
      const { status, body } = await postMessageWith(asAdmin, ticket.id, { message }, []);
      expect(status).toBe(400);
      expectRefusedInput(errorOfBody(body), { message: key });
    }
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "a".repeat(5000), isInternal: true });
    expect(await storedMessages(ticket.id)).toHaveLength(1);
  });
});

describe("two admins changing the same ticket at the same moment", () => {
  /**
   * Starts both calls while the test holds the ticket's row lock, waits until both
   * transactions are queued on that lock, then lets them go: a real race for the row.
   */
  async function race<A, B>(ticketId: string, first: () => Promise<A>, second: () => Promise<B>) {
    const lock = await holdTicketLock(ticketId);
    const settled = Promise.allSettled([first(), second()]);
    let releasedAt: Date;
    try {
      await waitForLockWaiters(2);
    } finally {
      releasedAt = await lock.release();
    }
    return { outcomes: await settled, releasedAt };
  }

  /** The changes happened after the lock was released: the times in their history must say so. */
  async function expectEventsWrittenAfter(ticketId: string, releasedAt: Date, count: number) {
    const times = await storedEventTimes(ticketId);
    for (const at of times.slice(-count)) {
      expect(at.getTime(), "an event dated before the change could happen").toBeGreaterThanOrEqual(
        releasedAt.getTime(),
      );
    }
  }

  function winnerAndLoser(outcomes: PromiseSettledResult<unknown>[]) {
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled");
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ name: "AppError", code: "CONFLICT" });
    return outcomes.findIndex((o) => o.status === "fulfilled");
  }

  it("status, same expectedVersion: one wins, the other gets CONFLICT; only the winner's change and event", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    const targets = ["in_progress", "resolved"] as const;
    const { outcomes, releasedAt } = await race(
      ticket.id,
      () => updateTicketStatus(asAdmin, { ticketId: ticket.id, status: targets[0], expectedVersion: version }),
      () => updateTicketStatus(asOtherAdmin, { ticketId: ticket.id, status: targets[1], expectedVersion: version }),
    );
    const winner = winnerAndLoser(outcomes);
    const after = await storedTicket(ticket.id);
    expect(after).toMatchObject({ status: targets[winner], version: version + 1 });
    expect(await storedEvents(ticket.id)).toEqual([
      {
        type: "status_changed",
        actor_id: [admin.id, otherAdmin.id][winner],
        from_value: "open",
        to_value: targets[winner],
        reason: null,
        message_id: null,
      },
    ]);
    await expectEventsWrittenAfter(ticket.id, releasedAt, 1);
  });

  it("priority, same expectedVersion: one wins, the other gets CONFLICT", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    const targets = ["high", "urgent"] as const;
    const { outcomes, releasedAt } = await race(
      ticket.id,
      () => updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: targets[0], expectedVersion: version }),
      () => updateTicketPriority(asOtherAdmin, { ticketId: ticket.id, priority: targets[1], expectedVersion: version }),
    );
    const winner = winnerAndLoser(outcomes);
    expect(await storedTicket(ticket.id)).toMatchObject({ priority: targets[winner], version: version + 1 });
    expect((await storedEvents(ticket.id)).map((e) => [e.type, e.from_value, e.to_value])).toEqual([
      ["priority_changed", "medium", targets[winner]],
    ]);
    await expectEventsWrittenAfter(ticket.id, releasedAt, 1);
  });

  it("assignment against a priority change, same expectedVersion: only one of them happens", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    const { outcomes, releasedAt } = await race(
      ticket.id,
      () => assignTicket(asAdmin, { ticketId: ticket.id, assigneeId: admin.id, expectedVersion: version }),
      () => updateTicketPriority(asOtherAdmin, { ticketId: ticket.id, priority: "urgent", expectedVersion: version }),
    );
    const winner = winnerAndLoser(outcomes);
    const after = await storedTicket(ticket.id);
    expect(after.version).toBe(version + 1);
    expect({ assigned_to: after.assigned_to, priority: after.priority }).toEqual(
      winner === 0 ? { assigned_to: admin.id, priority: "medium" } : { assigned_to: null, priority: "urgent" },
    );
    expect((await storedEvents(ticket.id)).map((e) => e.type)).toEqual([
      winner === 0 ? "assigned" : "priority_changed",
    ]);
    await expectEventsWrittenAfter(ticket.id, releasedAt, 1);
  });

  it("a stale expectedVersion gets CONFLICT and changes nothing", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    await updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "high", expectedVersion: version });
    const before = await storedTicket(ticket.id);
    await expectAppError(
      updateTicketStatus(asOtherAdmin, { ticketId: ticket.id, status: "in_progress", expectedVersion: version }),
      "CONFLICT",
    );
    await expectAppError(
      updateTicketPriority(asOtherAdmin, { ticketId: ticket.id, priority: "low", expectedVersion: version }),
      "CONFLICT",
    );
    await expectAppError(
      assignTicket(asOtherAdmin, { ticketId: ticket.id, assigneeId: otherAdmin.id, expectedVersion: version }),
      "CONFLICT",
    );
    expectUnchanged(await storedTicket(ticket.id), before);
    expect((await storedEvents(ticket.id)).map((e) => e.type)).toEqual(["priority_changed"]);
    // With the current version it goes through.
    await updateTicketStatus(asOtherAdmin, {
      ticketId: ticket.id,
      status: "in_progress",
      expectedVersion: before.version,
    });
    expect((await storedTicket(ticket.id)).status).toBe("in_progress");
  });

  it("without expectedVersion both changes apply, one after the other, and history loses neither", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    // Several rounds: which transaction started first and which got the lock first varies,
    // and the timeline must follow the order the changes happened in, every time.
    const rounds = [
      ["high", "urgent"],
      ["low", "medium"],
      ["high", "urgent"],
      ["low", "medium"],
      ["high", "urgent"],
      ["low", "medium"],
    ] as const;
    let releasedAt = new Date(0);
    for (const [mine, theirs] of rounds) {
      const round = await race(
        ticket.id,
        () => updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: mine }),
        () => updateTicketPriority(asOtherAdmin, { ticketId: ticket.id, priority: theirs }),
      );
      expect(round.outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
      releasedAt = round.releasedAt;
    }
    const events = await storedEvents(ticket.id);
    expect(events).toHaveLength(2 * rounds.length);
    // Each change saw the one before it: medium → a, a → b, b → c ...
    const chain = events.map((e) => [e.from_value, e.to_value]);
    expect(chain.map(([from]) => from)).toEqual(["medium", ...chain.slice(0, -1).map(([, to]) => to)]);
    for (const [index, [mine, theirs]] of rounds.entries()) {
      expect(new Set(chain.slice(2 * index, 2 * index + 2).map(([, to]) => to))).toEqual(new Set([mine, theirs]));
    }
    expect(await storedTicket(ticket.id)).toMatchObject({
      priority: events.at(-1)?.to_value,
      version: version + 2 * rounds.length,
    });
    // The timeline's times are when each change was made, not when its transaction began waiting.
    await expectEventsWrittenAfter(ticket.id, releasedAt, 2);
  });

  it("two admins replying at once: both messages and both events are kept", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { version } = await storedTicket(ticket.id);
    const { outcomes, releasedAt } = await race(
      ticket.id,
      () => addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Première réponse" }),
      () => addTicketMessage(asOtherAdmin, { ticketId: ticket.id, message: "Note parallèle", isInternal: true }),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
    expect((await storedEvents(ticket.id)).map((e) => e.type).sort()).toEqual(["internal_note_added", "message_added"]);
    expect((await storedTicket(ticket.id)).version).toBe(version + 2);
    await expectEventsWrittenAfter(ticket.id, releasedAt, 2);
  });
});

describe("row-level security still holds when a session wrongly claims the admin role", () => {
  it("a student's account presented as an admin lists only that student's own tickets", async () => {
    const category = await createTicketCategory();
    const [own, someoneElses] = await Promise.all([
      createTicket({ userId: student.id, category: category.slug }),
      createTicket({ userId: (await createStudent()).id, category: category.slug }),
    ]);
    const forged: TSessionUser = { ...sessionUserOf(student), role: "admin" };
    const page = await getAllSupportTickets(forged, { category: category.slug });
    expect(page.items.map((item) => item.id)).toEqual([own.id]);
    expect(page.items.map((item) => item.id)).not.toContain(someoneElses.id);
  });

  it("... cannot change another student's ticket (NOT_FOUND) nor the priority of their own (FORBIDDEN by the trigger)", async () => {
    const forged: TSessionUser = { ...sessionUserOf(student), role: "admin" };
    const someoneElses = await createTicket({ userId: (await createStudent()).id });
    await expectAppError(updateTicketPriority(forged, { ticketId: someoneElses.id, priority: "urgent" }), "NOT_FOUND");
    const own = await createTicket({ userId: student.id });
    const before = await storedTicket(own.id);
    const error = await updateTicketPriority(forged, { ticketId: own.id, priority: "urgent" }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect({ sqlState: sqlState(error), code: toAppError(error).code }).toEqual({
      sqlState: "TK002",
      code: "FORBIDDEN",
    });
    expectUnchanged(await storedTicket(own.id), before);
  });
});
