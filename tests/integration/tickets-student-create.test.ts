/**
 * Student side of the ticket domain, part 1: creating a ticket (plan 3.1
 * createSupportTicket) and the form's options (getStudentAppointmentsForTicket,
 * getStudentOrdersForTicket, listCategories). Services run against the real database
 * through withUser(), so row-level security applies; assertions read back what is stored
 * as service_role.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import {
  getStudentAppointmentsForTicket,
  getStudentOrdersForTicket,
  listCategories,
} from "@/features/tickets/service/get-ticket-form-options";
import type { TSessionUser } from "@/server/auth/session";
import {
  createAdmin,
  createAppointment,
  createCourse,
  createOrder,
  createStudent,
  createTutor,
  ghostSessionUser,
  sessionUserOf,
  type TAppointmentRow,
  type TOrderRow,
  type TUserRow,
} from "../factories";
import { errorOfBody, expectRefusedInput } from "../support/actions";
import { createTicketWith, type TICKET_FIELDS } from "../support/attachment-requests";
import { asServiceRole, rowsOf } from "../support/db";
import {
  databaseFailureOf,
  expectValidation,
  faultMarker,
  footprintOf,
  INJECTED_FAULT_SQLSTATE,
  installEventFault,
  storedRow,
  storedRows,
} from "../support/tickets";

const INACTIVE_CATEGORY = "categorie-retiree-test";

let student: TUserRow;
let otherStudent: TUserRow;
let tutor: TUserRow;
let admin: TUserRow;
let me: TSessionUser;
let appointment: TAppointmentRow;
let otherAppointment: TAppointmentRow;
let order: TOrderRow;
let otherOrder: TOrderRow;

function validInput(overrides: Record<string, unknown> = {}) {
  return {
    subject: "Impossible de réserver ma séance de jeudi",
    description: "Le bouton « Réserver » reste grisé depuis hier soir, même après une reconnexion.",
    category: "reservations",
    ...overrides,
  };
}

/**
 * POST /api/tickets with these text fields (no file) refuses them with VALIDATION and exactly
 * these fields, each with its translated validation.<key> (the request is in fr-CA).
 */
async function expectRefusedAtRoute(fields: Record<string, unknown>, fieldKeys: Record<string, string>): Promise<void> {
  const textOnly = Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const { status, body } = await createTicketWith(me, [], textOnly as typeof TICKET_FIELDS);
  expect(status).toBe(400);
  expectRefusedInput(errorOfBody(body), fieldKeys);
}

/** `n` characters, none of them whitespace (so trimming cannot change the count). */
const chars = (n: number) => "é".repeat(n);

beforeAll(async () => {
  [student, otherStudent, tutor, admin] = await Promise.all([
    createStudent(),
    createStudent(),
    createTutor(),
    createAdmin(),
  ]);
  me = sessionUserOf(student);
  [appointment, otherAppointment, order, otherOrder] = await Promise.all([
    createAppointment({ studentId: student.id, tutorId: tutor.id }),
    createAppointment({ studentId: otherStudent.id }),
    createOrder({ userId: student.id }),
    createOrder({ userId: otherStudent.id }),
  ]);
  rowsOf(
    await asServiceRole(
      `insert into ticket_categories (slug, label_fr, label_en, sort_order, is_active)
       values ($1, 'Catégorie retirée', 'Retired category', 999, false) on conflict (slug) do nothing`,
      [INACTIVE_CATEGORY],
      { commit: true },
    ),
  );
});

describe("createSupportTicket", () => {
  it("creates an open, medium-priority, unassigned ticket owned by the student, numbered from #1001 up", async () => {
    const first = await createSupportTicket(me, validInput());
    const second = await createSupportTicket(me, validInput({ category: "paiement", subject: "Facture en double" }));

    expect(first.number).toBeGreaterThanOrEqual(1001);
    expect(second.number).toBeGreaterThan(first.number);
    const row = await storedRow("select * from support_tickets where id = $1", [first.id]);
    expect(row).toMatchObject({
      number: first.number,
      user_id: student.id,
      status: "open",
      priority: "medium",
      assigned_to: null,
      resolved_at: null,
      appointment_id: null,
      order_id: null,
      category: "reservations",
      subject: validInput().subject,
      description: validInput().description,
    });
  });

  it("writes a `created` event by the student, and the new ticket is not unread for them", async () => {
    const created = await createSupportTicket(me, validInput());

    const events = await storedRows(
      "select type, actor_id, from_value, to_value, message_id from ticket_events where ticket_id = $1",
      [created.id],
    );
    expect(events).toEqual([
      { type: "created", actor_id: student.id, from_value: null, to_value: "open", message_id: null },
    ]);
    const page = await getStudentTickets(me, {});
    expect(page.items.find((item) => item.id === created.id)?.unread).toBe(false);
  });

  it.each([
    ["a tutor", () => tutor],
    ["an admin", () => admin],
  ])("refuses %s with FORBIDDEN and stores nothing", async (_label, who) => {
    const user = who();
    const before = await footprintOf(user.id);
    await expect(createSupportTicket(sessionUserOf(user), validInput())).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await footprintOf(user.id)).toEqual(before);
  });

  it("a session whose user is not in `users` is stopped by row-level security (FORBIDDEN), nothing stored", async () => {
    const ghost = ghostSessionUser("student");
    const subject = `Fantôme ${ghost.id}`;
    const failure = await databaseFailureOf(createSupportTicket(ghost, validInput({ subject })));
    expect(failure).toEqual({ code: "FORBIDDEN", sqlState: "42501" });
    expect(await storedRows("select id from support_tickets where subject = $1", [subject])).toEqual([]);
  });

  describe("subject and description lengths count characters after trimming", () => {
    it.each([
      ["subject of 4 characters", { subject: chars(4) }, { subject: "subjectTooShort" }],
      [
        "subject of 4 characters padded with whitespace",
        { subject: `  \t${chars(4)}\n  ` },
        { subject: "subjectTooShort" },
      ],
      ["subject of whitespace only", { subject: "            " }, { subject: "subjectTooShort" }],
      ["subject of 201 characters", { subject: chars(201) }, { subject: "subjectTooLong" }],
      ["description of 9 characters", { description: chars(9) }, { description: "descriptionTooShort" }],
      [
        "description of 9 characters padded with whitespace",
        { description: `     ${chars(9)}     ` },
        { description: "descriptionTooShort" },
      ],
      ["description of 5001 characters", { description: chars(5001) }, { description: "descriptionTooLong" }],
      // Characters, as the database's char_length() counts them, not UTF-16 code units.
      ["subject of 4 emoji", { subject: "🙂🙂🙂🙂" }, { subject: "subjectTooShort" }],
      ["subject of 201 emoji", { subject: "🙂".repeat(201) }, { subject: "subjectTooLong" }],
      ["missing subject", { subject: undefined }, { subject: "subjectRequired" }],
    ])("refuses a %s with VALIDATION and stores nothing", async (_label, overrides, fieldErrors) => {
      // Input is parsed at the edge: the route handler the form posts to (POST /api/tickets).
      const before = await footprintOf(student.id);
      await expectRefusedAtRoute(validInput(overrides), fieldErrors);
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it.each([
      ["subject of 5 characters", { subject: chars(5) }, "subject", chars(5)],
      ["subject of 200 characters", { subject: chars(200) }, "subject", chars(200)],
      ["subject of 200 emoji", { subject: "🙂".repeat(200) }, "subject", "🙂".repeat(200)],
      ["description of 10 characters", { description: chars(10) }, "description", chars(10)],
      ["description of 5000 characters", { description: chars(5000) }, "description", chars(5000)],
    ])("accepts a %s and stores it trimmed", async (_label, overrides, column, stored) => {
      const created = await createSupportTicket(me, validInput(overrides));
      const row = await storedRow<{ value: string }>(`select ${column} as value from support_tickets where id = $1`, [
        created.id,
      ]);
      expect(row.value).toBe(stored);
    });

    it.each([
      ["subject of 200 characters padded with whitespace", { subject: ` \t${chars(200)}\n ` }, "subject", chars(200)],
      [
        "description of 5000 characters padded with whitespace",
        { description: `\n\n  ${chars(5000)}  \n` },
        "description",
        chars(5000),
      ],
    ])("accepts a %s and stores it trimmed", async (_label, overrides, column, stored) => {
      // Input is parsed (and trimmed) at the edge: the route handler the form posts to (POST /api/tickets).
      const { status, body } = await createTicketWith(me, [], validInput(overrides));
      expect(status, JSON.stringify(body)).toBe(200);
      const row = await storedRow<{ value: string }>(`select ${column} as value from support_tickets where id = $1`, [
        body.data?.id,
      ]);
      expect(row.value).toBe(stored);
    });
  });

  describe("category", () => {
    it.each([
      ["an unknown category", "categorie-inexistante"],
      ["an inactive category", INACTIVE_CATEGORY],
    ])("refuses %s with VALIDATION categoryInvalid and stores nothing", async (_label, category) => {
      const before = await footprintOf(student.id);
      await expectValidation(createSupportTicket(me, validInput({ category })), { category: "categoryInvalid" });
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it("refuses an over-long unknown category with VALIDATION categoryInvalid and stores nothing", async () => {
      const before = await footprintOf(student.id);
      await expectRefusedAtRoute(validInput({ category: "x".repeat(65) }), { category: "categoryInvalid" });
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it("refuses a missing category with VALIDATION categoryRequired", async () => {
      await expectRefusedAtRoute(validInput({ category: "  " }), { category: "categoryRequired" });
    });
  });

  describe("linked appointment and order", () => {
    it("refuses another student's appointment with VALIDATION appointmentNotYours and stores nothing", async () => {
      const before = await footprintOf(student.id);
      await expectValidation(createSupportTicket(me, validInput({ appointmentId: otherAppointment.id })), {
        appointmentId: "appointmentNotYours",
      });
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it("refuses another student's order with VALIDATION orderNotYours and stores nothing", async () => {
      const before = await footprintOf(student.id);
      await expectValidation(createSupportTicket(me, validInput({ orderId: otherOrder.id })), {
        orderId: "orderNotYours",
      });
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it("refuses own appointment combined with another student's order (each link is checked)", async () => {
      const before = await footprintOf(student.id);
      await expectValidation(
        createSupportTicket(me, validInput({ appointmentId: appointment.id, orderId: otherOrder.id })),
        { orderId: "orderNotYours" },
      );
      expect(await footprintOf(student.id)).toEqual(before);
    });

    it("refuses an appointment id that is not a uuid with VALIDATION invalidId", async () => {
      await expectRefusedAtRoute(validInput({ appointmentId: "rdv-42" }), { appointmentId: "invalidId" });
    });

    it("accepts the student's own appointment and order, shown in the ticket's details", async () => {
      const created = await createSupportTicket(
        me,
        validInput({ appointmentId: appointment.id, orderId: order.id, category: "paiement" }),
      );

      const row = await storedRow("select appointment_id, order_id from support_tickets where id = $1", [created.id]);
      expect(row).toEqual({ appointment_id: appointment.id, order_id: order.id });
      const details = await getStudentTicketDetails(me, created.id);
      expect(details.appointment).toMatchObject({ id: appointment.id, tutorName: tutor.name });
      expect(details.appointment?.startsAt.getTime()).toBe(appointment.startsAt.getTime());
      expect(details.order).toMatchObject({ id: order.id, totalCents: order.totalCents, status: order.status });
    });

    it("treats an empty appointment/order id as no link", async () => {
      const created = await createSupportTicket(me, validInput({ appointmentId: "", orderId: null }));
      const row = await storedRow("select appointment_id, order_id from support_tickets where id = $1", [created.id]);
      expect(row).toEqual({ appointment_id: null, order_id: null });
    });
  });

  describe("atomicity", () => {
    let uninstall: () => Promise<void>;
    beforeAll(async () => {
      uninstall = await installEventFault();
    });
    afterAll(async () => {
      await uninstall();
    });

    it("when the `created` event cannot be written, no trace of the ticket remains", async () => {
      const victim = await createStudent();
      const subject = `${faultMarker("created")} Paiement refusé`;

      const failure = await databaseFailureOf(createSupportTicket(sessionUserOf(victim), validInput({ subject })));

      expect(failure.sqlState).toBe(INJECTED_FAULT_SQLSTATE);
      expect(await footprintOf(victim.id)).toEqual({ tickets: 0, messages: 0, events: 0, reads: 0 });
      expect(await storedRows("select id from support_tickets where subject = $1", [subject])).toEqual([]);
      // The same student can still create a ticket: the failure left no lock or half state behind.
      await createSupportTicket(sessionUserOf(victim), validInput());
      expect(await footprintOf(victim.id)).toEqual({ tickets: 1, messages: 0, events: 1, reads: 0 });
    });
  });
});

describe("getStudentAppointmentsForTicket", () => {
  it("returns only the student's appointments, latest first, with course title and tutor name", async () => {
    const owner = await createStudent();
    const [tutorA, tutorB] = await Promise.all([createTutor(), createTutor()]);
    const [courseA, courseB] = await Promise.all([
      createCourse({ title: "Physique mécanique" }),
      createCourse({ title: "Histoire du Québec" }),
    ]);
    const day = 24 * 60 * 60 * 1000;
    const past = await createAppointment({
      studentId: owner.id,
      tutorId: tutorA.id,
      courseId: courseA.id,
      startsAt: new Date(Date.now() - 10 * day),
      status: "completed",
    });
    const future = await createAppointment({
      studentId: owner.id,
      tutorId: tutorB.id,
      courseId: courseB.id,
      startsAt: new Date(Date.now() + 5 * day),
    });
    const recent = await createAppointment({
      studentId: owner.id,
      tutorId: tutorA.id,
      courseId: courseB.id,
      startsAt: new Date(Date.now() - day),
    });
    await createAppointment({ studentId: otherStudent.id, tutorId: tutorA.id, courseId: courseA.id });

    const options = await getStudentAppointmentsForTicket(sessionUserOf(owner));

    expect(options.map((o) => o.id)).toEqual([future.id, recent.id, past.id]);
    expect(options.map((o) => ({ courseTitle: o.courseTitle, tutorName: o.tutorName }))).toEqual([
      { courseTitle: "Histoire du Québec", tutorName: tutorB.name },
      { courseTitle: "Histoire du Québec", tutorName: tutorA.name },
      { courseTitle: "Physique mécanique", tutorName: tutorA.name },
    ]);
    expect(options[2]).toMatchObject({ status: "completed", startsAt: past.startsAt });
  });

  it.each([
    ["a tutor", () => sessionUserOf(tutor)],
    ["an admin", () => sessionUserOf(admin)],
  ])("refuses %s with FORBIDDEN", async (_label, who) => {
    await expect(getStudentAppointmentsForTicket(who())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives a session whose user is not in `users` nothing", async () => {
    expect(await getStudentAppointmentsForTicket(ghostSessionUser("student"))).toEqual([]);
  });
});

describe("getStudentOrdersForTicket", () => {
  it("returns only the student's orders, latest first", async () => {
    const owner = await createStudent();
    const first = await createOrder({ userId: owner.id, totalCents: 12_000, description: "Forfait 3 séances" });
    const second = await createOrder({ userId: owner.id, totalCents: 0, status: "cancelled" });
    const third = await createOrder({ userId: owner.id, totalCents: 45_000, status: "refunded" });
    await createOrder({ userId: otherStudent.id });

    const options = await getStudentOrdersForTicket(sessionUserOf(owner));

    expect(options.map((o) => o.id)).toEqual([third.id, second.id, first.id]);
    expect(options[2]).toMatchObject({
      description: "Forfait 3 séances",
      totalCents: 12_000,
      currency: "CAD",
      status: "paid",
      createdAt: first.createdAt,
    });
  });

  it.each([
    ["a tutor", () => sessionUserOf(tutor)],
    ["an admin", () => sessionUserOf(admin)],
  ])("refuses %s with FORBIDDEN", async (_label, who) => {
    await expect(getStudentOrdersForTicket(who())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives a session whose user is not in `users` nothing", async () => {
    expect(await getStudentOrdersForTicket(ghostSessionUser("student"))).toEqual([]);
  });
});

describe("listCategories", () => {
  it("offers new tickets the active categories only, in their sort order", async () => {
    const active = await listCategories(me, { activeOnly: true });
    const all = await listCategories(me);

    expect(active.map((c) => c.slug)).not.toContain(INACTIVE_CATEGORY);
    expect(all.map((c) => c.slug)).toContain(INACTIVE_CATEGORY);
    expect(active.every((c) => c.isActive)).toBe(true);
    const orders = active.map((c) => c.sortOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(active.map((c) => c.slug)).toEqual(
      expect.arrayContaining(["reservations", "soutien-technique", "paiement", "autre"]),
    );
  });
});

describe("a student cannot forge a ticket through the service's input", () => {
  it("ignores status, priority and assignee smuggled into the input", async () => {
    const created = await createSupportTicket(me, {
      ...validInput(),
      ...({ status: "resolved", priority: "urgent", assignedTo: admin.id, userId: otherStudent.id } as object),
    });
    const row = await storedRow("select user_id, status, priority, assigned_to from support_tickets where id = $1", [
      created.id,
    ]);
    expect(row).toEqual({ user_id: student.id, status: "open", priority: "medium", assigned_to: null });
  });
});
