/**
 * The row-level security matrix: real SQL, run as the `authenticated` role with
 * auth.uid() set (or as `anon`), against every ticket table and operation. Each case
 * asserts what PostgreSQL observably does: rows returned, rows affected (an UPDATE or
 * DELETE that a policy filters affects 0 rows) or the SQLSTATE raised (42501 for
 * privileges and policies, TK001/TK002/TK003 from the support_tickets guard trigger).
 * Every statement runs in a transaction that is rolled back, so the world built in
 * beforeAll stays as it is for the next case.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createAdmin,
  createAppointment,
  createAttachment,
  createCourse,
  createEvent,
  createMessage,
  createOrder,
  createStudent,
  createTicket,
  createTicketRead,
  createTutor,
  type TAppointmentRow,
  type TAttachmentRow,
  type TEventRow,
  type TMessageRow,
  type TOrderRow,
  type TTicketRow,
  type TUserRow,
} from "../factories";
import { asAnon, asServiceRole, asUser, rowsOf, runAs, type TRow, type TSqlOutcome } from "../support/db";

type TWorld = {
  student: TUserRow; // the owner of `ticket`
  otherStudent: TUserRow;
  tutor: TUserRow; // tutor of the student's appointment
  otherTutor: TUserRow; // tutor of the other student's appointment only
  admin: TUserRow;
  otherAdmin: TUserRow;
  appointment: TAppointmentRow;
  otherAppointment: TAppointmentRow;
  order: TOrderRow;
  otherOrder: TOrderRow;
  ticket: TTicketRow; // the student's open ticket, linked to their appointment and order
  otherTicket: TTicketRow; // the other student's open ticket
  tutorTicket: TTicketRow; // a ticket stored in the tutor's name (e.g. created by maintenance)
  studentMessage: TMessageRow;
  adminReply: TMessageRow;
  internalNote: TMessageRow;
  otherMessage: TMessageRow;
  tutorTicketMessage: TMessageRow;
  studentFile: TAttachmentRow; // on the student's public message
  ticketFile: TAttachmentRow; // on the ticket itself (no message)
  internalFile: TAttachmentRow; // on the internal note
  otherFile: TAttachmentRow; // on the other student's ticket
  event: TEventRow;
};

let w: TWorld;

beforeAll(async () => {
  const [student, otherStudent, tutor, otherTutor, admin, otherAdmin] = await Promise.all([
    createStudent(),
    createStudent(),
    createTutor(),
    createTutor(),
    createAdmin(),
    createAdmin(),
  ]);
  const course = await createCourse();
  const [appointment, otherAppointment, order, otherOrder] = await Promise.all([
    createAppointment({ studentId: student.id, tutorId: tutor.id, courseId: course.id }),
    createAppointment({ studentId: otherStudent.id, tutorId: otherTutor.id, courseId: course.id }),
    createOrder({ userId: student.id }),
    createOrder({ userId: otherStudent.id }),
  ]);
  const [ticket, otherTicket, tutorTicket] = await Promise.all([
    createTicket({
      userId: student.id,
      category: "reservations",
      appointmentId: appointment.id,
      orderId: order.id,
      assignedTo: admin.id,
    }),
    createTicket({ userId: otherStudent.id }),
    createTicket({ userId: tutor.id }),
  ]);
  const studentMessage = await createMessage({ ticketId: ticket.id, userId: student.id });
  const adminReply = await createMessage({ ticketId: ticket.id, userId: admin.id });
  const internalNote = await createMessage({ ticketId: ticket.id, userId: admin.id, isInternal: true });
  const otherMessage = await createMessage({ ticketId: otherTicket.id, userId: otherStudent.id });
  const tutorTicketMessage = await createMessage({ ticketId: tutorTicket.id, userId: tutor.id });
  const [studentFile, ticketFile, internalFile, otherFile] = await Promise.all([
    createAttachment({ ticketId: ticket.id, messageId: studentMessage.id, uploadedBy: student.id }),
    createAttachment({ ticketId: ticket.id, uploadedBy: student.id }),
    createAttachment({ ticketId: ticket.id, messageId: internalNote.id, uploadedBy: admin.id }),
    createAttachment({ ticketId: otherTicket.id, messageId: otherMessage.id, uploadedBy: otherStudent.id }),
  ]);
  const event = await createEvent({ ticketId: ticket.id, actorId: student.id, type: "created" });
  await createEvent({ ticketId: otherTicket.id, actorId: otherStudent.id, type: "created" });
  await Promise.all([
    createTicketRead({ ticketId: ticket.id, userId: student.id }),
    createTicketRead({ ticketId: ticket.id, userId: admin.id }),
    createTicketRead({ ticketId: otherTicket.id, userId: otherStudent.id }),
  ]);
  w = {
    student,
    otherStudent,
    tutor,
    otherTutor,
    admin,
    otherAdmin,
    appointment,
    otherAppointment,
    order,
    otherOrder,
    ticket,
    otherTicket,
    tutorTicket,
    studentMessage,
    adminReply,
    internalNote,
    otherMessage,
    tutorTicketMessage,
    studentFile,
    ticketFile,
    internalFile,
    otherFile,
    event,
  };
});

// ---------------------------------------------------------------------------------------------
// Helpers

function expectCode(result: TSqlOutcome, code: string): void {
  expect(result.ok ? { ok: true, rowCount: result.rowCount } : { ok: false, code: result.code }).toEqual({
    ok: false,
    code,
  });
}

function expectAffected(result: TSqlOutcome, rowCount: number): void {
  expect(
    result.ok ? { ok: true, rowCount: result.rowCount } : { ok: false, code: result.code, error: result.message },
  ).toEqual({ ok: true, rowCount });
}

function idsOf(result: TSqlOutcome): string[] {
  return rowsOf(result)
    .map((row) => String(row.id))
    .sort();
}

function sorted(...values: string[]): string[] {
  return [...values].sort();
}

/** `insert into public.<table> (<keys>) values ($1, ...)`; keys come from the test, values are bound. */
function insertAs(
  userId: string,
  table: string,
  values: Record<string, unknown>,
  returning?: string,
): Promise<TSqlOutcome<TRow>> {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, index) => `$${index + 1}`);
  const text = `insert into public.${table} (${columns.join(", ")}) values (${placeholders.join(", ")})${
    returning ? ` returning ${returning}` : ""
  }`;
  return asUser(userId, text, Object.values(values));
}

async function countAsService(text: string, params: unknown[] = []): Promise<number> {
  const [row] = rowsOf(await asServiceRole<{ count: string }>(text, params));
  return Number(row?.count);
}

function newTicketValues(userId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user_id: userId,
    subject: "Séance annulée sans avertissement",
    description: "Mon tuteur ne s'est pas présenté à la séance de mardi soir.",
    category: "reservations",
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------

describe("the harness", () => {
  it("runs asUser as the non-superuser `authenticated` role with auth.uid() set", async () => {
    const [row] = rowsOf(
      await asUser(
        w.student.id,
        `select current_user, auth.uid()::text as uid, r.rolsuper, r.rolbypassrls
           from pg_roles r where r.rolname = current_user`,
      ),
    );
    expect(row).toEqual({ current_user: "authenticated", uid: w.student.id, rolsuper: false, rolbypassrls: false });
  });

  it("runs asAnon as the `anon` role without a user", async () => {
    const [row] = rowsOf(await asAnon("select current_user, auth.uid() as uid"));
    expect(row).toEqual({ current_user: "anon", uid: null });
  });
});

describe("anon", () => {
  const tables = [
    "support_tickets",
    "ticket_messages",
    "ticket_attachments",
    "ticket_events",
    "ticket_reads",
    "ticket_categories",
    "users",
    "appointments",
    "orders",
  ];

  it.each(tables)("gets permission denied reading %s", async (table) => {
    expectCode(await asAnon(`select * from public.${table} limit 1`), "42501");
  });

  it.each(tables)("gets permission denied deleting from %s", async (table) => {
    expectCode(await asAnon(`delete from public.${table}`), "42501");
  });

  it.each(tables)("gets permission denied updating %s", async (table) => {
    const column = table === "ticket_reads" ? "last_read_at" : "created_at";
    expectCode(await asAnon(`update public.${table} set ${column} = ${column}`), "42501");
  });

  it("gets permission denied creating a ticket", async () => {
    const values = newTicketValues(w.student.id);
    const columns = Object.keys(values);
    expectCode(
      await asAnon(
        `insert into public.support_tickets (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        Object.values(values),
      ),
      "42501",
    );
  });
});

describe("users", () => {
  it("a student sees themselves and the tutors of their own appointments only", async () => {
    expect(idsOf(await asUser(w.student.id, "select id from public.users"))).toEqual(sorted(w.student.id, w.tutor.id));
    expect(idsOf(await asUser(w.otherStudent.id, "select id from public.users"))).toEqual(
      sorted(w.otherStudent.id, w.otherTutor.id),
    );
  });

  it("a tutor sees themselves and the students of their own appointments only", async () => {
    expect(idsOf(await asUser(w.tutor.id, "select id from public.users"))).toEqual(sorted(w.tutor.id, w.student.id));
  });

  it("an admin sees every user", async () => {
    const all = await countAsService("select count(*) from public.users");
    const [row] = rowsOf(await asUser<{ count: string }>(w.admin.id, "select count(*) from public.users"));
    expect(Number(row?.count)).toBe(all);
    expect(all).toBeGreaterThanOrEqual(6);
  });

  it("a student cannot promote themselves, create or delete users", async () => {
    expectCode(
      await asUser(w.student.id, "update public.users set role = 'admin' where id = $1", [w.student.id]),
      "42501",
    );
    expectCode(
      await insertAs(w.student.id, "users", {
        name: "Intrus Malin",
        email: "intrus@exemple.test",
        first_name: "Intrus",
        last_name: "Malin",
        role: "admin",
      }),
      "42501",
    );
    expectCode(await asUser(w.student.id, "delete from public.users where id = $1", [w.student.id]), "42501");
  });
});

// What the ticket form lists (and what the ticket insert policy's links rely on).
describe("appointments, orders and courses", () => {
  it("a student sees only their own appointments and orders", async () => {
    expect(idsOf(await asUser(w.student.id, "select id from public.appointments"))).toEqual([w.appointment.id]);
    expect(idsOf(await asUser(w.student.id, "select id from public.orders"))).toEqual([w.order.id]);
  });

  it("a tutor sees the appointments they teach and no order", async () => {
    expect(idsOf(await asUser(w.tutor.id, "select id from public.appointments"))).toEqual([w.appointment.id]);
    expect(rowsOf(await asUser(w.tutor.id, "select id from public.orders"))).toHaveLength(0);
  });

  it("an admin sees every appointment and order", async () => {
    for (const table of ["appointments", "orders"]) {
      const all = await countAsService(`select count(*) from public.${table}`);
      expect(all).toBeGreaterThanOrEqual(2);
      expect(rowsOf(await asUser(w.admin.id, `select id from public.${table}`))).toHaveLength(all);
    }
  });

  it("every signed-in user reads the course catalogue, and nobody writes to it", async () => {
    const all = await countAsService("select count(*) from public.courses");
    expect(all).toBeGreaterThanOrEqual(1);
    for (const user of [w.student, w.tutor, w.admin]) {
      expect(rowsOf(await asUser(user.id, "select id from public.courses"))).toHaveLength(all);
      expectCode(
        await insertAs(user.id, "courses", { code: "PIRATE-101", title: "Piratage", subject: "Autre" }),
        "42501",
      );
    }
  });

  it("a student can neither change nor delete an appointment or an order", async () => {
    expectCode(
      await asUser(w.student.id, "update public.appointments set tutor_id = $2 where id = $1", [
        w.appointment.id,
        w.otherTutor.id,
      ]),
      "42501",
    );
    expectCode(
      await asUser(w.student.id, "update public.orders set total_cents = 0 where id = $1", [w.order.id]),
      "42501",
    );
    expectCode(await asUser(w.student.id, "delete from public.orders where id = $1", [w.order.id]), "42501");
  });
});

describe("support_tickets", () => {
  describe("select", () => {
    it("a student reads their own tickets and nobody else's", async () => {
      const rows = rowsOf(await asUser(w.student.id, "select id, user_id from public.support_tickets"));
      expect(rows.map((row) => row.id)).toContain(w.ticket.id);
      expect(new Set(rows.map((row) => row.user_id))).toEqual(new Set([w.student.id]));
    });

    it("a student cannot read another student's ticket, even by id", async () => {
      const query = "select id from public.support_tickets where id = $1";
      expect(rowsOf(await asUser(w.student.id, query, [w.otherTicket.id]))).toHaveLength(0);
      expect(rowsOf(await asServiceRole(query, [w.otherTicket.id]))).toHaveLength(1);
    });

    it("a tutor sees no ticket, not even one stored in their name", async () => {
      expect(rowsOf(await asUser(w.tutor.id, "select id from public.support_tickets"))).toHaveLength(0);
      expect(await countAsService("select count(*) from public.support_tickets where user_id = $1", [w.tutor.id])).toBe(
        1,
      );
    });

    it("an admin sees every ticket", async () => {
      const all = await countAsService("select count(*) from public.support_tickets");
      const [row] = rowsOf(await asUser<{ count: string }>(w.admin.id, "select count(*) from public.support_tickets"));
      expect(Number(row?.count)).toBe(all);
      expect(all).toBeGreaterThanOrEqual(3);
    });
  });

  describe("insert", () => {
    it("a student opens a ticket linked to their own appointment and order", async () => {
      const result = await insertAs(
        w.student.id,
        "support_tickets",
        newTicketValues(w.student.id, { appointment_id: w.appointment.id, order_id: w.order.id }),
        "user_id, status, priority, assigned_to, resolved_at",
      );
      expect(rowsOf(result)).toEqual([
        { user_id: w.student.id, status: "open", priority: "medium", assigned_to: null, resolved_at: null },
      ]);
    });

    it.each([
      ["in another student's name", () => ({ user_id: w.otherStudent.id }), "42501"],
      ["linked to another student's appointment", () => ({ appointment_id: w.otherAppointment.id }), "42501"],
      ["linked to another student's order", () => ({ order_id: w.otherOrder.id }), "42501"],
      ["with a priority", () => ({ priority: "urgent" }), "TK002"],
      ["with an assignee", () => ({ assigned_to: w.admin.id }), "TK002"],
      ["in a status other than open", () => ({ status: "in_progress" }), "TK002"],
      ["already resolved", () => ({ status: "resolved" }), "TK002"],
      ["with a resolved_at", () => ({ resolved_at: new Date() }), "TK002"],
    ])("a student cannot open a ticket %s", async (_label, extra, code) => {
      expectCode(await insertAs(w.student.id, "support_tickets", newTicketValues(w.student.id, extra())), code);
    });

    it("a tutor cannot open a ticket", async () => {
      expectCode(await insertAs(w.tutor.id, "support_tickets", newTicketValues(w.tutor.id)), "42501");
    });

    it("an admin opens a ticket for a student with a priority and an admin assignee", async () => {
      const result = await insertAs(
        w.admin.id,
        "support_tickets",
        newTicketValues(w.student.id, { priority: "high", assigned_to: w.otherAdmin.id }),
        "user_id, priority, assigned_to",
      );
      expect(rowsOf(result)).toEqual([{ user_id: w.student.id, priority: "high", assigned_to: w.otherAdmin.id }]);
    });

    it("an admin cannot open a ticket assigned to a student", async () => {
      expectCode(
        await insertAs(w.admin.id, "support_tickets", newTicketValues(w.student.id, { assigned_to: w.student.id })),
        "TK003",
      );
    });
  });

  describe("update by the owning student", () => {
    it("closes their own open ticket", async () => {
      const result = await asUser(
        w.student.id,
        "update public.support_tickets set status = 'closed' where id = $1 returning status",
        [w.ticket.id],
      );
      expectAffected(result, 1);
      expect(rowsOf(result)).toEqual([{ status: "closed" }]);
    });

    it("moves a resolved ticket back to open, which clears resolved_at", async () => {
      const resolved = await createTicket({ userId: w.student.id, status: "resolved" });
      expect(resolved.resolvedAt).toBeInstanceOf(Date);
      const result = await asUser(
        w.student.id,
        "update public.support_tickets set status = 'open' where id = $1 returning status, resolved_at",
        [resolved.id],
      );
      expect(rowsOf(result)).toEqual([{ status: "open", resolved_at: null }]);
    });

    it.each([
      ["open", "in_progress"],
      ["open", "resolved"],
      ["in_progress", "resolved"],
      ["in_progress", "open"],
      ["resolved", "in_progress"],
    ] as const)("cannot move %s → %s (TK001)", async (from, to) => {
      const ticket = await createTicket({ userId: w.student.id, status: from });
      expectCode(
        await asUser(w.student.id, "update public.support_tickets set status = $2 where id = $1", [ticket.id, to]),
        "TK001",
      );
    });

    it.each(["open", "in_progress", "resolved"] as const)(
      "cannot move a closed ticket back to %s (0 rows)",
      async (to) => {
        const closed = await createTicket({ userId: w.student.id, status: "closed" });
        expectAffected(
          await asUser(w.student.id, "update public.support_tickets set status = $2 where id = $1", [closed.id, to]),
          0,
        );
        expect(
          rowsOf(await asServiceRole("select status from public.support_tickets where id = $1", [closed.id])),
        ).toEqual([{ status: "closed" }]);
      },
    );

    it.each([
      { column: "priority", value: () => "urgent" },
      { column: "assigned_to", value: () => w.otherAdmin.id },
      { column: "subject", value: () => "Un tout autre sujet" },
      { column: "description", value: () => "Une description complètement différente." },
      { column: "category", value: () => "paiement" },
      { column: "order_id", value: () => null },
      { column: "order_id", value: () => w.otherOrder.id },
      { column: "appointment_id", value: () => null },
      { column: "user_id", value: () => w.otherStudent.id },
    ])("cannot change $column (TK002)", async ({ column, value }) => {
      expectCode(
        await asUser(w.student.id, `update public.support_tickets set ${column} = $2 where id = $1`, [
          w.ticket.id,
          value(),
        ]),
        "TK002",
      );
    });

    it("cannot forge resolved_at while the status stays the same", async () => {
      const result = await asUser(
        w.student.id,
        "update public.support_tickets set resolved_at = now() - interval '3 days' where id = $1 returning resolved_at",
        [w.ticket.id],
      );
      expect(rowsOf(result)).toEqual([{ resolved_at: null }]);
    });

    it("cannot forge resolved_at when closing the ticket", async () => {
      const result = await asUser(
        w.student.id,
        `update public.support_tickets set status = 'closed', resolved_at = '2001-01-01T00:00:00Z'
          where id = $1 returning status, resolved_at`,
        [w.ticket.id],
      );
      expect(rowsOf(result)).toEqual([{ status: "closed", resolved_at: null }]);
    });

    it("cannot touch another student's ticket (0 rows)", async () => {
      expectAffected(
        await asUser(w.student.id, "update public.support_tickets set status = 'closed' where id = $1", [
          w.otherTicket.id,
        ]),
        0,
      );
    });
  });

  describe("update by others", () => {
    it("a tutor updates nothing, not even a ticket in their name (0 rows)", async () => {
      expectAffected(
        await asUser(w.tutor.id, "update public.support_tickets set status = 'closed' where id = any($1)", [
          [w.ticket.id, w.tutorTicket.id],
        ]),
        0,
      );
    });

    it("an admin walks the whole flow; resolved_at is set on resolve, kept on close, cleared on reopen", async () => {
      const steps = await runAs({ role: "authenticated", userId: w.admin.id }, async (client) => {
        const seen: { status: string; resolved: boolean }[] = [];
        for (const status of ["in_progress", "resolved", "closed", "open"]) {
          const { rows } = await client.query(
            "update public.support_tickets set status = $2 where id = $1 returning status, resolved_at",
            [w.ticket.id, status],
          );
          seen.push({ status: rows[0]?.status, resolved: rows[0]?.resolved_at instanceof Date });
        }
        return seen;
      });
      expect(steps).toEqual([
        { status: "in_progress", resolved: false },
        { status: "resolved", resolved: true },
        { status: "closed", resolved: true },
        { status: "open", resolved: false },
      ]);
    });

    it("an admin sets the priority and assigns the ticket to another admin", async () => {
      const result = await asUser(
        w.admin.id,
        "update public.support_tickets set priority = 'urgent', assigned_to = $2 where id = $1 returning priority, assigned_to",
        [w.ticket.id, w.otherAdmin.id],
      );
      expect(rowsOf(result)).toEqual([{ priority: "urgent", assigned_to: w.otherAdmin.id }]);
    });

    it("an admin can unassign a ticket", async () => {
      expectAffected(
        await asUser(w.admin.id, "update public.support_tickets set assigned_to = null where id = $1", [w.ticket.id]),
        1,
      );
    });

    it.each([
      ["a student", () => w.student.id],
      ["a tutor", () => w.tutor.id],
    ])("an admin cannot assign a ticket to %s (TK003)", async (_label, assignee) => {
      expectCode(
        await asUser(w.admin.id, "update public.support_tickets set assigned_to = $2 where id = $1", [
          w.ticket.id,
          assignee(),
        ]),
        "TK003",
      );
    });

    it("an admin edits the subject, category and links", async () => {
      const result = await asUser(
        w.admin.id,
        `update public.support_tickets set subject = 'Sujet reformulé par le soutien', category = 'paiement',
                order_id = null, appointment_id = null where id = $1 returning category`,
        [w.ticket.id],
      );
      expect(rowsOf(result)).toEqual([{ category: "paiement" }]);
    });
  });

  describe("delete", () => {
    it.each([
      ["the owning student", () => w.student.id],
      ["a tutor", () => w.tutor.id],
    ])("%s deletes nothing (0 rows)", async (_label, userId) => {
      expectAffected(await asUser(userId(), "delete from public.support_tickets where id = $1", [w.ticket.id]), 0);
    });

    it("an admin deletes a ticket", async () => {
      expectAffected(await asUser(w.admin.id, "delete from public.support_tickets where id = $1", [w.ticket.id]), 1);
    });
  });
});

describe("ticket_messages", () => {
  describe("select", () => {
    it("a student reads the public messages of their ticket, not the internal note", async () => {
      expect(
        idsOf(await asUser(w.student.id, "select id from public.ticket_messages where ticket_id = $1", [w.ticket.id])),
      ).toEqual(sorted(w.studentMessage.id, w.adminReply.id));
    });

    it("a student sees no internal message anywhere", async () => {
      expect(
        rowsOf(await asUser(w.student.id, "select id from public.ticket_messages where is_internal")),
      ).toHaveLength(0);
      expect(await countAsService("select count(*) from public.ticket_messages where is_internal")).toBeGreaterThan(0);
    });

    it("a student cannot read another student's messages", async () => {
      expect(
        rowsOf(
          await asUser(w.student.id, "select id from public.ticket_messages where ticket_id = $1", [w.otherTicket.id]),
        ),
      ).toHaveLength(0);
    });

    it("a tutor sees no message, not even on a ticket in their name", async () => {
      expect(rowsOf(await asUser(w.tutor.id, "select id from public.ticket_messages"))).toHaveLength(0);
      expect(
        await countAsService("select count(*) from public.ticket_messages where id = $1", [w.tutorTicketMessage.id]),
      ).toBe(1);
    });

    it("an admin reads every message, internal notes included", async () => {
      expect(
        idsOf(await asUser(w.admin.id, "select id from public.ticket_messages where ticket_id = $1", [w.ticket.id])),
      ).toEqual(sorted(w.studentMessage.id, w.adminReply.id, w.internalNote.id));
    });
  });

  describe("insert", () => {
    it("a student posts a public message on their own open ticket", async () => {
      const result = await insertAs(
        w.student.id,
        "ticket_messages",
        { ticket_id: w.ticket.id, user_id: w.student.id, message: "Merci, c'est réglé !" },
        "user_id, is_internal",
      );
      expect(rowsOf(result)).toEqual([{ user_id: w.student.id, is_internal: false }]);
    });

    it.each([
      ["an internal note", () => ({ ticket_id: w.ticket.id, user_id: w.student.id, is_internal: true })],
      ["in another student's name", () => ({ ticket_id: w.ticket.id, user_id: w.otherStudent.id })],
      ["in an admin's name", () => ({ ticket_id: w.ticket.id, user_id: w.admin.id })],
      ["on another student's ticket", () => ({ ticket_id: w.otherTicket.id, user_id: w.student.id })],
    ])("a student cannot post %s (42501)", async (_label, values) => {
      expectCode(
        await insertAs(w.student.id, "ticket_messages", { message: "Bonjour, une question.", ...values() }),
        "42501",
      );
    });

    it("a student cannot post on their own closed ticket", async () => {
      const closed = await createTicket({ userId: w.student.id, status: "closed" });
      expectCode(
        await insertAs(w.student.id, "ticket_messages", {
          ticket_id: closed.id,
          user_id: w.student.id,
          message: "Allô?",
        }),
        "42501",
      );
    });

    it("a tutor cannot post, not even on a ticket in their name", async () => {
      for (const ticketId of [w.ticket.id, w.tutorTicket.id]) {
        expectCode(
          await insertAs(w.tutor.id, "ticket_messages", {
            ticket_id: ticketId,
            user_id: w.tutor.id,
            message: "Bonjour",
          }),
          "42501",
        );
      }
    });

    it("an admin adds an internal note and replies on a closed ticket", async () => {
      expectAffected(
        await insertAs(w.admin.id, "ticket_messages", {
          ticket_id: w.ticket.id,
          user_id: w.admin.id,
          message: "Remboursement approuvé.",
          is_internal: true,
        }),
        1,
      );
      const closed = await createTicket({ userId: w.student.id, status: "closed" });
      expectAffected(
        await insertAs(w.admin.id, "ticket_messages", { ticket_id: closed.id, user_id: w.admin.id, message: "Suivi." }),
        1,
      );
    });

    it("an admin cannot post in another admin's name", async () => {
      expectCode(
        await insertAs(w.admin.id, "ticket_messages", {
          ticket_id: w.ticket.id,
          user_id: w.otherAdmin.id,
          message: "Oups",
        }),
        "42501",
      );
    });
  });

  describe("update and delete", () => {
    it("a student can neither edit nor delete their own message (0 rows)", async () => {
      expectAffected(
        await asUser(w.student.id, "update public.ticket_messages set message = 'modifié' where id = $1", [
          w.studentMessage.id,
        ]),
        0,
      );
      expectAffected(
        await asUser(w.student.id, "delete from public.ticket_messages where id = $1", [w.studentMessage.id]),
        0,
      );
    });

    it("a student cannot turn an internal note public (0 rows)", async () => {
      expectAffected(
        await asUser(w.student.id, "update public.ticket_messages set is_internal = false where id = $1", [
          w.internalNote.id,
        ]),
        0,
      );
    });

    it("an admin edits and deletes messages", async () => {
      expectAffected(
        await asUser(w.admin.id, "update public.ticket_messages set message = 'corrigé' where id = $1", [
          w.adminReply.id,
        ]),
        1,
      );
      expectAffected(
        await asUser(w.admin.id, "delete from public.ticket_messages where id = $1", [w.studentMessage.id]),
        1,
      );
    });
  });
});

describe("ticket_attachments", () => {
  describe("select", () => {
    it("a student sees the files of their ticket and public messages, not those of internal notes", async () => {
      expect(
        idsOf(
          await asUser(w.student.id, "select id from public.ticket_attachments where ticket_id = $1", [w.ticket.id]),
        ),
      ).toEqual(sorted(w.studentFile.id, w.ticketFile.id));
      expect(
        rowsOf(
          await asUser(w.student.id, "select id from public.ticket_attachments where id = $1", [w.internalFile.id]),
        ),
      ).toHaveLength(0);
    });

    it("a student cannot see another student's files", async () => {
      expect(
        rowsOf(
          await asUser(w.student.id, "select id from public.ticket_attachments where ticket_id = $1", [
            w.otherTicket.id,
          ]),
        ),
      ).toHaveLength(0);
    });

    it("a tutor sees no file", async () => {
      expect(rowsOf(await asUser(w.tutor.id, "select id from public.ticket_attachments"))).toHaveLength(0);
    });

    it("an admin sees every file, internal ones included", async () => {
      expect(
        idsOf(await asUser(w.admin.id, "select id from public.ticket_attachments where ticket_id = $1", [w.ticket.id])),
      ).toEqual(sorted(w.studentFile.id, w.ticketFile.id, w.internalFile.id));
    });
  });

  describe("insert", () => {
    const file = (extra: Record<string, unknown>) => ({
      file_name: "reçu.pdf",
      file_path: `ticket-attachments/test/${randomUUID()}_recu.pdf`,
      file_type: "application/pdf",
      file_size: 2048,
      ...extra,
    });

    it("a student attaches a file to their own message and to their own ticket", async () => {
      expectAffected(
        await insertAs(
          w.student.id,
          "ticket_attachments",
          file({ ticket_id: w.ticket.id, message_id: w.studentMessage.id, uploaded_by: w.student.id }),
        ),
        1,
      );
      expectAffected(
        await insertAs(w.student.id, "ticket_attachments", file({ ticket_id: w.ticket.id, uploaded_by: w.student.id })),
        1,
      );
    });

    it.each([
      [
        "to an internal note",
        () => ({ ticket_id: w.ticket.id, message_id: w.internalNote.id, uploaded_by: w.student.id }),
      ],
      [
        "to an admin's reply",
        () => ({ ticket_id: w.ticket.id, message_id: w.adminReply.id, uploaded_by: w.student.id }),
      ],
      ["in another user's name", () => ({ ticket_id: w.ticket.id, uploaded_by: w.otherStudent.id })],
      ["to another student's ticket", () => ({ ticket_id: w.otherTicket.id, uploaded_by: w.student.id })],
      [
        "to a message of another ticket",
        () => ({ ticket_id: w.ticket.id, message_id: w.otherMessage.id, uploaded_by: w.student.id }),
      ],
    ])("a student cannot attach a file %s (42501)", async (_label, values) => {
      expectCode(await insertAs(w.student.id, "ticket_attachments", file(values())), "42501");
    });

    it("a student cannot attach a file to their own closed ticket", async () => {
      const closed = await createTicket({ userId: w.student.id, status: "closed" });
      expectCode(
        await insertAs(w.student.id, "ticket_attachments", file({ ticket_id: closed.id, uploaded_by: w.student.id })),
        "42501",
      );
    });

    it("an admin attaches a file to an internal note", async () => {
      expectAffected(
        await insertAs(
          w.admin.id,
          "ticket_attachments",
          file({ ticket_id: w.ticket.id, message_id: w.internalNote.id, uploaded_by: w.admin.id }),
        ),
        1,
      );
    });
  });

  describe("update and delete", () => {
    it("a student can neither rename nor delete their own file (0 rows)", async () => {
      expectAffected(
        await asUser(w.student.id, "update public.ticket_attachments set file_name = 'x.pdf' where id = $1", [
          w.studentFile.id,
        ]),
        0,
      );
      expectAffected(
        await asUser(w.student.id, "delete from public.ticket_attachments where id = $1", [w.studentFile.id]),
        0,
      );
    });

    it("an admin renames and deletes files", async () => {
      expectAffected(
        await asUser(w.admin.id, "update public.ticket_attachments set file_name = 'x.pdf' where id = $1", [
          w.studentFile.id,
        ]),
        1,
      );
      expectAffected(
        await asUser(w.admin.id, "delete from public.ticket_attachments where id = $1", [w.internalFile.id]),
        1,
      );
    });
  });
});

describe("ticket_events", () => {
  it("a student cannot read the history, even of their own ticket", async () => {
    expect(rowsOf(await asUser(w.student.id, "select id from public.ticket_events"))).toHaveLength(0);
    expect(await countAsService("select count(*) from public.ticket_events where ticket_id = $1", [w.ticket.id])).toBe(
      1,
    );
  });

  it("a tutor cannot read any history", async () => {
    expect(rowsOf(await asUser(w.tutor.id, "select id from public.ticket_events"))).toHaveLength(0);
  });

  it("an admin reads the history", async () => {
    expect(
      idsOf(await asUser(w.admin.id, "select id from public.ticket_events where ticket_id = $1", [w.ticket.id])),
    ).toEqual([w.event.id]);
  });

  it("a student records the events their own actions produce, on their own ticket", async () => {
    for (const type of ["created", "status_changed", "message_added", "attachment_added"]) {
      expectAffected(
        await insertAs(w.student.id, "ticket_events", { ticket_id: w.ticket.id, actor_id: w.student.id, type }),
        1,
      );
    }
  });

  it.each([
    ["an assignment", () => ({ ticket_id: w.ticket.id, actor_id: w.student.id, type: "assigned" })],
    ["a priority change", () => ({ ticket_id: w.ticket.id, actor_id: w.student.id, type: "priority_changed" })],
    ["an internal note", () => ({ ticket_id: w.ticket.id, actor_id: w.student.id, type: "internal_note_added" })],
    ["in another user's name", () => ({ ticket_id: w.ticket.id, actor_id: w.admin.id, type: "status_changed" })],
    ["without an actor", () => ({ ticket_id: w.ticket.id, actor_id: null, type: "status_changed" })],
    ["on another student's ticket", () => ({ ticket_id: w.otherTicket.id, actor_id: w.student.id, type: "created" })],
  ])("a student cannot record %s (42501)", async (_label, values) => {
    expectCode(await insertAs(w.student.id, "ticket_events", values()), "42501");
  });

  it("a tutor cannot record events", async () => {
    expectCode(
      await insertAs(w.tutor.id, "ticket_events", {
        ticket_id: w.tutorTicket.id,
        actor_id: w.tutor.id,
        type: "created",
      }),
      "42501",
    );
  });

  it("an admin records events in their own name only", async () => {
    expectAffected(
      await insertAs(w.admin.id, "ticket_events", {
        ticket_id: w.ticket.id,
        actor_id: w.admin.id,
        type: "assigned",
        to_value: w.otherAdmin.id,
      }),
      1,
    );
    expectCode(
      await insertAs(w.admin.id, "ticket_events", {
        ticket_id: w.ticket.id,
        actor_id: w.otherAdmin.id,
        type: "assigned",
      }),
      "42501",
    );
  });

  it.each([
    ["the owning student", () => w.student.id],
    ["a tutor", () => w.tutor.id],
    ["an admin", () => w.admin.id],
  ])("%s can neither edit nor delete history (0 rows)", async (_label, userId) => {
    expectAffected(
      await asUser(userId(), "update public.ticket_events set reason = 'réécrit' where id = $1", [w.event.id]),
      0,
    );
    expectAffected(await asUser(userId(), "delete from public.ticket_events where id = $1", [w.event.id]), 0);
  });
});

describe("ticket_reads", () => {
  it("a student sees only their own read markers", async () => {
    const rows = rowsOf(await asUser(w.student.id, "select ticket_id, user_id from public.ticket_reads"));
    expect(rows).toContainEqual({ ticket_id: w.ticket.id, user_id: w.student.id });
    expect(new Set(rows.map((row) => row.user_id))).toEqual(new Set([w.student.id]));
  });

  it("an admin sees only their own read markers too", async () => {
    const rows = rowsOf(await asUser(w.admin.id, "select ticket_id, user_id from public.ticket_reads"));
    expect(rows).toEqual([{ ticket_id: w.ticket.id, user_id: w.admin.id }]);
  });

  it("a student marks their ticket as read, updates and deletes their own marker", async () => {
    const ticket = await createTicket({ userId: w.student.id });
    await runAs({ role: "authenticated", userId: w.student.id }, async (client) => {
      const inserted = await client.query(
        `insert into public.ticket_reads (ticket_id, user_id) values ($1, $2)
         on conflict (ticket_id, user_id) do update set last_read_at = now()`,
        [ticket.id, w.student.id],
      );
      expect(inserted.rowCount).toBe(1);
      const updated = await client.query(
        "update public.ticket_reads set last_read_at = now() where ticket_id = $1 and user_id = $2",
        [ticket.id, w.student.id],
      );
      expect(updated.rowCount).toBe(1);
      const deleted = await client.query("delete from public.ticket_reads where ticket_id = $1", [ticket.id]);
      expect(deleted.rowCount).toBe(1);
    });
  });

  it.each([
    ["for another user on their own ticket", () => ({ ticket_id: w.ticket.id, user_id: w.otherStudent.id })],
    ["for another user on that user's ticket", () => ({ ticket_id: w.otherTicket.id, user_id: w.otherStudent.id })],
    ["for themselves on a ticket they cannot see", () => ({ ticket_id: w.otherTicket.id, user_id: w.student.id })],
  ])("a student cannot write a marker %s (42501)", async (_label, values) => {
    expectCode(await insertAs(w.student.id, "ticket_reads", values()), "42501");
  });

  it("a student can neither update nor delete someone else's marker (0 rows)", async () => {
    expectAffected(
      await asUser(w.student.id, "update public.ticket_reads set last_read_at = now() where user_id = $1", [
        w.otherStudent.id,
      ]),
      0,
    );
    expectAffected(await asUser(w.student.id, "delete from public.ticket_reads where user_id = $1", [w.admin.id]), 0);
  });

  it("a tutor cannot mark a ticket as read, not even one in their name", async () => {
    expectCode(
      await insertAs(w.tutor.id, "ticket_reads", { ticket_id: w.tutorTicket.id, user_id: w.tutor.id }),
      "42501",
    );
  });
});

describe("ticket_categories", () => {
  it.each([
    ["a student", () => w.student.id],
    ["a tutor", () => w.tutor.id],
    ["an admin", () => w.admin.id],
  ])("%s reads every category", async (_label, userId) => {
    const all = await countAsService("select count(*) from public.ticket_categories");
    expect(all).toBeGreaterThanOrEqual(6);
    expect(rowsOf(await asUser(userId(), "select slug from public.ticket_categories"))).toHaveLength(all);
  });

  it.each([
    ["a student", () => w.student.id],
    ["a tutor", () => w.tutor.id],
  ])("%s cannot add, edit or delete a category", async (_label, userId) => {
    expectCode(
      await insertAs(userId(), "ticket_categories", { slug: "piratage", label_fr: "Piratage", label_en: "Hacking" }),
      "42501",
    );
    expectAffected(
      await asUser(userId(), "update public.ticket_categories set label_fr = 'Piraté' where slug = 'autre'"),
      0,
    );
    expectAffected(await asUser(userId(), "delete from public.ticket_categories where slug = 'autre'"), 0);
  });

  it("an admin adds, edits and deletes a category", async () => {
    const counts = await runAs({ role: "authenticated", userId: w.admin.id }, async (client) => {
      const inserted = await client.query(
        "insert into public.ticket_categories (slug, label_fr, label_en) values ('facturation', 'Facturation', 'Billing')",
      );
      const updated = await client.query(
        "update public.ticket_categories set label_fr = 'Facturation et reçus' where slug = 'facturation'",
      );
      const deleted = await client.query("delete from public.ticket_categories where slug = 'facturation'");
      return [inserted.rowCount, updated.rowCount, deleted.rowCount];
    });
    expect(counts).toEqual([1, 1, 1]);
  });
});
