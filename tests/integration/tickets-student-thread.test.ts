/**
 * Student side of the ticket domain, part 3: one ticket's thread (plan 3.1
 * getTicketDetails, addTicketMessage, closeTicket). The student sees public messages only,
 * never an admin's name or the priority; replies move updated_at and reopen a resolved
 * ticket; closing is for good. Every change is checked in the stored rows and its history.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTicketAction } from "@/features/tickets/actions/student-actions";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import {
  createAdmin,
  createAppointment,
  createAttachment,
  createMessage,
  createOrder,
  createStudent,
  createTicket,
  createTicketRead,
  createTutor,
  ghostSessionUser,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { actionErrorOf, errorOfBody, expectRefusedInput, signInAs, signOut } from "../support/actions";
import { postMessageWith } from "../support/attachment-requests";
import { asUser } from "../support/db";
import {
  databaseFailureOf,
  expectValidation,
  faultMarker,
  INJECTED_FAULT_SQLSTATE,
  installEventFault,
  storedRow,
  storedRows,
} from "../support/tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

type TStoredTicket = {
  status: TTicketStatus;
  resolved_at: Date | null;
  updated_at: Date;
  version: number;
};

let student: TUserRow;
let otherStudent: TUserRow;
let tutor: TUserRow;
let admin: TUserRow;
let me: TSessionUser;

beforeAll(async () => {
  [student, otherStudent, tutor, admin] = await Promise.all([
    createStudent(),
    createStudent(),
    createTutor(),
    createAdmin({ firstName: "Anastasie", lastName: "Quesnel-Secrète", email: "anastasie.quesnel@exemple.test" }),
  ]);
  me = sessionUserOf(student);
});

const storedTicket = (id: string) =>
  storedRow<TStoredTicket>("select status, resolved_at, updated_at, version from support_tickets where id = $1", [id]);

const storedEvents = (ticketId: string) =>
  storedRows("select type, actor_id, from_value, to_value, message_id from ticket_events where ticket_id = $1", [
    ticketId,
  ]);

const storedMessages = (ticketId: string) =>
  storedRows<{ id: string; user_id: string; message: string; is_internal: boolean }>(
    "select id, user_id, message, is_internal from ticket_messages where ticket_id = $1 order by created_at, id",
    [ticketId],
  );

const readMarker = async (ticketId: string, userId: string) =>
  (
    await storedRows<{ last_read_at: Date }>(
      "select last_read_at from ticket_reads where ticket_id = $1 and user_id = $2",
      [ticketId, userId],
    )
  )[0]?.last_read_at;

describe("getStudentTicketDetails", () => {
  it("shows the student's ticket with public messages from `you` and `support`, no internal note, no admin identity, no priority", async () => {
    const appointment = await createAppointment({ studentId: student.id, tutorId: tutor.id });
    const order = await createOrder({ userId: student.id });
    const ticket = await createTicket({
      userId: student.id,
      status: "in_progress",
      priority: "urgent",
      assignedTo: admin.id,
      appointmentId: appointment.id,
      orderId: order.id,
    });
    const question = await createMessage({ ticketId: ticket.id, userId: student.id, message: "Ma question." });
    const note = await createMessage({
      ticketId: ticket.id,
      userId: admin.id,
      isInternal: true,
      message: "NOTE-INTERNE : l'élève a déjà eu un remboursement.",
    });
    const answer = await createMessage({ ticketId: ticket.id, userId: admin.id, message: "Voici la réponse." });
    const [studentFile, ticketFile, answerFile, noteFile] = await Promise.all([
      createAttachment({ ticketId: ticket.id, messageId: question.id, uploadedBy: student.id }),
      createAttachment({ ticketId: ticket.id, uploadedBy: student.id, fileName: "recu.pdf" }),
      createAttachment({ ticketId: ticket.id, messageId: answer.id, uploadedBy: admin.id, fileName: "guide.pdf" }),
      createAttachment({
        ticketId: ticket.id,
        messageId: note.id,
        uploadedBy: admin.id,
        fileName: "dossier-interne.pdf",
      }),
    ]);

    const details = await getStudentTicketDetails(me, ticket.id);

    expect(Object.keys(details).sort()).toEqual(
      [
        "id",
        "number",
        "subject",
        "description",
        "category",
        "categoryLabel",
        "status",
        "isAssigned",
        "createdAt",
        "updatedAt",
        "resolvedAt",
        "autoCloseAt",
        "canReply",
        "canClose",
        // Rating the help once resolved (issue 16): whether it can be rated, and the current one.
        "rating",
        "appointment",
        "order",
        "messages",
        "attachments",
        // The request it was merged into (its own student's, issue 15): null here.
        "mergedInto",
      ].sort(),
    );
    expect(details).toMatchObject({ id: ticket.id, number: ticket.number, status: "in_progress", isAssigned: true });
    expect(details.messages.map((m) => ({ id: m.id, sender: m.sender, message: m.message }))).toEqual([
      { id: question.id, sender: "you", message: "Ma question." },
      { id: answer.id, sender: "support", message: "Voici la réponse." },
    ]);
    for (const message of details.messages)
      expect(Object.keys(message).sort()).toEqual(["createdAt", "fromNumber", "id", "message", "sender"]);
    expect(new Set(details.attachments.map((a) => a.id))).toEqual(
      new Set([studentFile.id, ticketFile.id, answerFile.id]),
    );
    expect(details.appointment).toMatchObject({ id: appointment.id, tutorName: tutor.name });
    expect(details.order).toMatchObject({ id: order.id });

    const json = JSON.stringify(details);
    for (const secret of [
      admin.id,
      admin.lastName,
      admin.firstName,
      admin.email,
      note.id,
      noteFile.id,
      "NOTE-INTERNE",
      "dossier-interne",
      "urgent",
      '"priority"',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it("says the ticket is not assigned when nobody is", async () => {
    const ticket = await createTicket({ userId: student.id });
    expect((await getStudentTicketDetails(me, ticket.id)).isAssigned).toBe(false);
  });

  it.each([
    ["open", true, true],
    ["in_progress", true, true],
    ["resolved", true, true],
    ["closed", false, false],
  ] as const)("on a %s ticket: canReply %s, canClose %s", async (status, canReply, canClose) => {
    const ticket = await createTicket({ userId: student.id, status });
    const details = await getStudentTicketDetails(me, ticket.id);
    expect({ status: details.status, canReply: details.canReply, canClose: details.canClose }).toEqual({
      status,
      canReply,
      canClose,
    });
  });

  it("moves the student's read marker past a support reply (and creates it when missing)", async () => {
    const ticket = await createTicket({ userId: student.id });
    const fresh = await createTicket({ userId: student.id });
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await createTicketRead({ ticketId: ticket.id, userId: student.id, lastReadAt: anHourAgo });
    await createMessage({ ticketId: ticket.id, userId: admin.id, message: "Voici la réponse." });
    await createMessage({ ticketId: fresh.id, userId: admin.id, message: "Bonjour !" });

    await getStudentTicketDetails(me, ticket.id);
    await getStudentTicketDetails(me, fresh.id);

    const moved = await readMarker(ticket.id, student.id);
    expect(moved?.getTime()).toBeGreaterThan(anHourAgo.getTime() + 30 * 60 * 1000);
    expect(await readMarker(fresh.id, student.id)).toBeInstanceOf(Date);
    expect(await readMarker(ticket.id, admin.id)).toBeUndefined();
  });

  it("writes no read marker when nothing is unread: their own messages, internal notes, already read", async () => {
    const untouched = await createTicket({ userId: student.id });
    const ownAndInternal = await createTicket({ userId: student.id });
    await createMessage({ ticketId: ownAndInternal.id, userId: student.id, message: "Une précision." });
    await createMessage({ ticketId: ownAndInternal.id, userId: admin.id, isInternal: true });
    const alreadyRead = await createTicket({ userId: student.id });
    await createMessage({ ticketId: alreadyRead.id, userId: admin.id, message: "Réponse lue." });
    const readAt = new Date(Date.now() + 60 * 1000);
    await createTicketRead({ ticketId: alreadyRead.id, userId: student.id, lastReadAt: readAt });

    for (const ticket of [untouched, ownAndInternal, alreadyRead]) await getStudentTicketDetails(me, ticket.id);

    expect(await readMarker(untouched.id, student.id)).toBeUndefined();
    expect(await readMarker(ownAndInternal.id, student.id)).toBeUndefined();
    expect((await readMarker(alreadyRead.id, student.id))?.getTime()).toBe(readAt.getTime());
  });

  it("answers NOT_FOUND for another student's ticket and for a ticket that does not exist", async () => {
    const theirs = await createTicket({ userId: otherStudent.id });
    await expect(getStudentTicketDetails(me, theirs.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getStudentTicketDetails(me, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await readMarker(theirs.id, student.id)).toBeUndefined();
  });

  it.each([
    ["a tutor", () => sessionUserOf(tutor)],
    ["an admin", () => sessionUserOf(admin)],
  ])("refuses %s with FORBIDDEN (the student view is for students)", async (_label, who) => {
    const ticket = await createTicket({ userId: student.id });
    await expect(getStudentTicketDetails(who(), ticket.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses an id that is not a uuid with VALIDATION invalidId", async () => {
    await expectValidation(getStudentTicketDetails(me, "1042"), { ticketId: "invalidId" });
  });

  it("gives a session whose user is not in `users` NOT_FOUND", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expect(getStudentTicketDetails(ghostSessionUser("student"), ticket.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("row-level security hides a ticket from a session claiming a role the database does not hold", async () => {
    const staleTutor = await createTutor();
    const ticket = await createTicket({ userId: staleTutor.id });
    await expect(
      getStudentTicketDetails({ ...sessionUserOf(staleTutor), role: "student" }, ticket.id),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("addTicketMessage (student)", () => {
  it("adds a public message on the student's ticket, moves updated_at, writes `message_added` and marks it read", async () => {
    const ticket = await createTicket({ userId: student.id, status: "in_progress" });
    const before = await storedTicket(ticket.id);

    // Input is parsed at the edge: the route handler the reply form posts to trims the message.
    const { status, body } = await postMessageWith(me, ticket.id, { message: "  Voici ma capture d'écran.\n" }, []);
    expect(status, JSON.stringify(body)).toBe(200);
    const result = body.data as { messageId: string; status: string };

    expect(result).toEqual({ messageId: expect.any(String), status: "in_progress" });
    expect(await storedMessages(ticket.id)).toEqual([
      { id: result.messageId, user_id: student.id, message: "Voici ma capture d'écran.", is_internal: false },
    ]);
    const after = await storedTicket(ticket.id);
    expect(after.status).toBe("in_progress");
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(await storedEvents(ticket.id)).toEqual([
      { type: "message_added", actor_id: student.id, from_value: null, to_value: null, message_id: result.messageId },
    ]);
    expect(await readMarker(ticket.id, student.id)).toBeInstanceOf(Date);
  });

  it("reopens a resolved ticket: status open, resolved_at cleared, a resolved → open status change in history", async () => {
    const ticket = await createTicket({ userId: student.id, status: "resolved" });
    expect((await storedTicket(ticket.id)).resolved_at).toBeInstanceOf(Date);

    const result = await addTicketMessage(me, { ticketId: ticket.id, message: "Le problème est revenu ce matin." });

    expect(result.status).toBe("open");
    const after = await storedTicket(ticket.id);
    expect({ status: after.status, resolved_at: after.resolved_at }).toEqual({ status: "open", resolved_at: null });
    const events = await storedEvents(ticket.id);
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: "message_added", actor_id: student.id, from_value: null, to_value: null, message_id: result.messageId },
        {
          type: "status_changed",
          actor_id: student.id,
          from_value: "resolved",
          to_value: "open",
          message_id: result.messageId,
        },
      ]),
    );
    expect((await getStudentTicketDetails(me, ticket.id)).status).toBe("open");
  });

  it("leaves an open ticket open, with no status change in history", async () => {
    const ticket = await createTicket({ userId: student.id, status: "open" });
    await addTicketMessage(me, { ticketId: ticket.id, message: "Une précision." });
    expect((await storedTicket(ticket.id)).status).toBe("open");
    expect((await storedEvents(ticket.id)).map((e) => e.type)).toEqual(["message_added"]);
  });

  it("refuses a closed ticket with TICKET_CLOSED and stores nothing", async () => {
    const ticket = await createTicket({ userId: student.id, status: "closed" });
    const before = await storedTicket(ticket.id);
    await expect(addTicketMessage(me, { ticketId: ticket.id, message: "Encore moi." })).rejects.toMatchObject({
      code: "TICKET_CLOSED",
    });
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedEvents(ticket.id)).toEqual([]);
    expect(await storedTicket(ticket.id)).toEqual(before);
  });

  it("refuses an internal note from a student with FORBIDDEN and stores nothing", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expect(
      addTicketMessage(me, { ticketId: ticket.id, message: "Je veux être une note interne.", isInternal: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it("answers NOT_FOUND on another student's ticket and stores nothing", async () => {
    const theirs = await createTicket({ userId: otherStudent.id });
    const before = await storedTicket(theirs.id);
    await expect(addTicketMessage(me, { ticketId: theirs.id, message: "Coucou." })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await storedMessages(theirs.id)).toEqual([]);
    expect(await storedTicket(theirs.id)).toEqual(before);
  });

  it("refuses a tutor with FORBIDDEN and stores nothing", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expect(
      addTicketMessage(sessionUserOf(tutor), { ticketId: ticket.id, message: "Bonjour, ici le tuteur." }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await storedMessages(ticket.id)).toEqual([]);
  });

  it("gives a session whose user is not in `users` NOT_FOUND and stores nothing", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expect(
      addTicketMessage(ghostSessionUser("student"), { ticketId: ticket.id, message: "Qui suis-je ?" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await storedMessages(ticket.id)).toEqual([]);
  });

  describe("message length, after trimming", () => {
    it.each([
      ["an empty message", "", "messageTooShort"],
      ["a message of whitespace only", "   \n\t  ", "messageTooShort"],
      ["a message of 5001 characters", "é".repeat(5001), "messageTooLong"],
      ["a missing message", undefined, "messageRequired"],
    ])("refuses %s with VALIDATION and stores nothing", async (_label, message, key) => {
      // Input is parsed at the edge: the route handler the reply form posts to.
      const ticket = await createTicket({ userId: student.id });
      const { status, body } = await postMessageWith(me, ticket.id, message === undefined ? {} : { message }, []);
      expect(status).toBe(400);
      expectRefusedInput(errorOfBody(body), { message: key });
      expect(await storedMessages(ticket.id)).toEqual([]);
    });

    it.each([
      ["a message of 1 character", "k", "k"],
      ["a message of 5000 characters", "é".repeat(5000), "é".repeat(5000)],
    ])("accepts %s and stores it trimmed", async (_label, message, stored) => {
      const ticket = await createTicket({ userId: student.id });
      await addTicketMessage(me, { ticketId: ticket.id, message });
      expect((await storedMessages(ticket.id)).map((m) => m.message)).toEqual([stored]);
    });

    it.each([
      ["a message of 1 character padded with whitespace", "\n  k  \n", "k"],
      ["a message of 5000 characters padded with whitespace", `  ${"é".repeat(5000)}\n\n`, "é".repeat(5000)],
    ])("accepts %s and stores it trimmed", async (_label, message, stored) => {
      // Input is parsed (and trimmed) at the edge: the route handler the reply form posts to.
      const ticket = await createTicket({ userId: student.id });
      const { status, body } = await postMessageWith(me, ticket.id, { message }, []);
      expect(status, JSON.stringify(body)).toBe(200);
      expect((await storedMessages(ticket.id)).map((m) => m.message)).toEqual([stored]);
    });

    it("refuses a ticket id that is not a uuid with VALIDATION invalidId", async () => {
      await expectValidation(addTicketMessage(me, { ticketId: "#1042", message: "Bonjour" }), {
        ticketId: "invalidId",
      });
    });
  });
});

describe("closeTicket", () => {
  it.each(["open", "in_progress", "resolved"] as const)(
    "closes the student's %s ticket and records the status change",
    async (from) => {
      const ticket = await createTicket({ userId: student.id, status: from });
      const before = await storedTicket(ticket.id);

      expect(await closeTicket(me, ticket.id)).toEqual({ status: "closed" });

      const after = await storedTicket(ticket.id);
      expect(after.status).toBe("closed");
      expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
      // Closing keeps when it was resolved, if it was.
      expect(after.resolved_at?.getTime() ?? null).toBe(before.resolved_at?.getTime() ?? null);
      expect(await storedEvents(ticket.id)).toEqual([
        { type: "status_changed", actor_id: student.id, from_value: from, to_value: "closed", message_id: null },
      ]);
    },
  );

  it("refuses an already closed ticket with TICKET_CLOSED, writing no history", async () => {
    const ticket = await createTicket({ userId: student.id, status: "closed" });
    const before = await storedTicket(ticket.id);
    await expect(closeTicket(me, ticket.id)).rejects.toMatchObject({ code: "TICKET_CLOSED" });
    expect(await storedTicket(ticket.id)).toEqual(before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });

  it("answers NOT_FOUND on another student's ticket, which stays open", async () => {
    const theirs = await createTicket({ userId: otherStudent.id });
    await expect(closeTicket(me, theirs.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await storedTicket(theirs.id)).status).toBe("open");
    expect(await storedEvents(theirs.id)).toEqual([]);
  });

  it.each([
    ["a tutor", () => sessionUserOf(tutor)],
    ["an admin", () => sessionUserOf(admin)],
  ])("refuses %s with FORBIDDEN (closing here is the student's action)", async (_label, who) => {
    const ticket = await createTicket({ userId: student.id });
    await expect(closeTicket(who(), ticket.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await storedTicket(ticket.id)).status).toBe("open");
  });

  it("gives a session whose user is not in `users` NOT_FOUND", async () => {
    const ticket = await createTicket({ userId: student.id });
    await expect(closeTicket(ghostSessionUser("student"), ticket.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await storedTicket(ticket.id)).status).toBe("open");
  });

  it("refuses an id that is not a uuid with VALIDATION invalidId", async () => {
    // Input is parsed at the edge: the action the close button calls.
    await signInAs(student);
    try {
      expectRefusedInput(actionErrorOf(await closeTicketAction({ ticketId: "pas-un-uuid" })), {
        ticketId: "invalidId",
      });
    } finally {
      signOut();
    }
  });

  it("is for good: the student can neither reply, nor close again, nor reopen it with SQL", async () => {
    const ticket = await createTicket({ userId: student.id, status: "resolved" });
    await closeTicket(me, ticket.id);
    const closed = await storedTicket(ticket.id);

    await expect(addTicketMessage(me, { ticketId: ticket.id, message: "Finalement…" })).rejects.toMatchObject({
      code: "TICKET_CLOSED",
    });
    await expect(closeTicket(me, ticket.id)).rejects.toMatchObject({ code: "TICKET_CLOSED" });
    for (const status of ["open", "in_progress", "resolved"]) {
      const update = await asUser(
        student.id,
        "update support_tickets set status = $2 where id = $1",
        [ticket.id, status],
        { commit: true },
      );
      expect(update).toMatchObject({ ok: true, rowCount: 0 });
    }
    const insert = await asUser(
      student.id,
      "insert into ticket_messages (ticket_id, user_id, message) values ($1, $2, 'Par la porte de derrière')",
      [ticket.id, student.id],
      { commit: true },
    );
    expect(insert).toMatchObject({ ok: false, code: "42501" });

    expect(await storedTicket(ticket.id)).toEqual(closed);
    expect(await storedMessages(ticket.id)).toEqual([]);
    const details = await getStudentTicketDetails(me, ticket.id);
    expect(details).toMatchObject({ status: "closed", canReply: false, canClose: false });
  });
});

describe("atomicity: a change and its history commit together or not at all", () => {
  let uninstall: () => Promise<void>;
  beforeAll(async () => {
    uninstall = await installEventFault();
  });
  afterAll(async () => {
    await uninstall();
  });

  it("a reply whose `message_added` event fails leaves no message and an untouched ticket", async () => {
    const ticket = await createTicket({ userId: student.id, subject: `${faultMarker("message_added")} Séance` });
    const before = await storedTicket(ticket.id);

    const failure = await databaseFailureOf(addTicketMessage(me, { ticketId: ticket.id, message: "Bonjour" }));

    expect(failure.sqlState).toBe(INJECTED_FAULT_SQLSTATE);
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedTicket(ticket.id)).toEqual(before);
    expect(await readMarker(ticket.id, student.id)).toBeUndefined();
  });

  it("a reply on a resolved ticket whose reopening event fails leaves no message, no event, still resolved", async () => {
    const ticket = await createTicket({
      userId: student.id,
      status: "resolved",
      subject: `${faultMarker("status_changed")} Facture`,
    });
    const before = await storedTicket(ticket.id);

    const failure = await databaseFailureOf(addTicketMessage(me, { ticketId: ticket.id, message: "Pas réglé." }));

    expect(failure.sqlState).toBe(INJECTED_FAULT_SQLSTATE);
    expect(await storedMessages(ticket.id)).toEqual([]);
    expect(await storedEvents(ticket.id)).toEqual([]);
    expect(await storedTicket(ticket.id)).toEqual(before);
  });

  it("a close whose status event fails leaves the ticket as it was", async () => {
    const ticket = await createTicket({
      userId: student.id,
      status: "in_progress",
      subject: `${faultMarker("status_changed")} Tuteur`,
    });
    const before = await storedTicket(ticket.id);

    const failure = await databaseFailureOf(closeTicket(me, ticket.id));

    expect(failure.sqlState).toBe(INJECTED_FAULT_SQLSTATE);
    expect(await storedTicket(ticket.id)).toEqual(before);
    expect(await storedEvents(ticket.id)).toEqual([]);
  });
});
