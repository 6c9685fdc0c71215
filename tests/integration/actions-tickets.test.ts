/**
 * The ticket server actions, called as the browser calls them: the real exported action, a real
 * better-auth session, next-safe-action's result. For each action: the allowed role succeeds
 * (checked on what is stored or returned), every other role gets FORBIDDEN, no session gets
 * UNAUTHENTICATED, input zod refuses gets VALIDATION with the translated field message, and a
 * service error comes back as a translated TActionError.
 */

import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  assignTicketAction,
  createCategoryAction,
  getAllSupportTicketsAction,
  reorderCategoriesAction,
  updateCategoryAction,
  updateTicketPriorityAction,
  updateTicketStatusAction,
} from "@/features/tickets/actions/admin-actions";
import { closeTicketAction, getStudentTicketsAction } from "@/features/tickets/actions/student-actions";
import type { TUserRole } from "@/server/db/schema";
import { createAdmin, createStudent, createTicket, createTutor, type TUserRow } from "../factories";
import { createTicketCategory } from "../factories/categories";
import {
  dataOf,
  errorText,
  expectServerError,
  expectValidationError,
  signInAs,
  signOut,
  type TAnyActionResult,
  useLocale,
  validationText,
} from "../support/actions";
import { storedTicket } from "../support/admin-tickets";
import { storedRows } from "../support/tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let users: Record<TUserRole, TUserRow>;
let category: string;

beforeAll(async () => {
  const [student, tutor, admin] = await Promise.all([createStudent(), createTutor(), createAdmin()]);
  users = { student, tutor, admin };
  category = (await createTicketCategory()).slug;
});

afterEach(() => {
  signOut();
  useLocale("fr-CA");
});

/** Each role but `allowed` gets FORBIDDEN, and no session gets UNAUTHENTICATED, before any input is read. */
function itRefusesOtherRolesAndGuests(allowed: TUserRole, call: () => Promise<TAnyActionResult>): void {
  const others = (["student", "tutor", "admin"] as const).filter((role) => role !== allowed);
  it.each(others)("refuses a signed-in %s with FORBIDDEN", async (role) => {
    await signInAs(users[role]);
    expectServerError(await call(), "FORBIDDEN");
  });
  it("refuses a request without a session with UNAUTHENTICATED", async () => {
    signOut();
    expectServerError(await call(), "UNAUTHENTICATED");
  });
}

// ---------------------------------------------------------------------------------------------
// Admin

describe("getAllSupportTicketsAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => getAllSupportTicketsAction({ category }));

  it("gives an admin the page of tickets of a category", async () => {
    const ticket = await createTicket({ userId: users.student.id, category });
    await signInAs(users.admin);
    const page = dataOf(await getAllSupportTicketsAction({ category }));
    expect(page?.items.map((item) => item.id)).toContain(ticket.id);
    expect(page?.nextCursor).toBeNull();
  });

  it("refuses an inverted date range with the translated dateRangeInverted (fr-CA)", async () => {
    await signInAs(users.admin);
    const result = await getAllSupportTicketsAction({ category, createdFrom: "2026-03-02", createdTo: "2026-03-01" });
    expectValidationError(result, { createdTo: "dateRangeInverted" });
    expect(result.validationErrors?.fieldErrors?.createdTo).toBe("La date de fin doit suivre la date de début.");
  });

  it("answers in English for an English request", async () => {
    await signInAs(users.admin);
    useLocale("en");
    const result = await getAllSupportTicketsAction({ category, search: "a".repeat(201) });
    expect(result.validationErrors).toEqual({
      code: "VALIDATION",
      message: "Some information is invalid. Please check the form.",
      fieldErrors: { search: "The search must be at most 200 characters long." },
    });
  });

  it("gives a cursor the service refuses as a translated VALIDATION serverError", async () => {
    await signInAs(users.admin);
    const result = await getAllSupportTicketsAction({ category, cursor: "pas-un-curseur" });
    expect(result.serverError).toEqual({
      code: "VALIDATION",
      message: errorText("VALIDATION"),
      fieldErrors: { cursor: validationText("cursorInvalid") },
    });
  });
});

describe("updateTicketStatusAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => updateTicketStatusAction({ ticketId: randomUUID(), status: "resolved" }));

  it("lets an admin change the status, and stores it", async () => {
    const ticket = await createTicket({ userId: users.student.id, category });
    await signInAs(users.admin);
    const change = dataOf(await updateTicketStatusAction({ ticketId: ticket.id, status: "in_progress" }));
    expect(change).toMatchObject({ status: "in_progress", version: ticket.version + 1 });
    expect(await storedTicket(ticket.id)).toMatchObject({ status: "in_progress" });
  });

  it("refuses a malformed id and an unknown status with VALIDATION", async () => {
    await signInAs(users.admin);
    expectValidationError(await updateTicketStatusAction({ ticketId: "1042", status: "in_progress" }), {
      ticketId: "invalidId",
    });
    expectValidationError(await updateTicketStatusAction({ ticketId: randomUUID(), status: "reopened" as "open" }), {
      status: null,
    });
  });

  it("gives NOT_FOUND for an unknown ticket and CONFLICT for a stale version, translated", async () => {
    const ticket = await createTicket({ userId: users.student.id, category });
    await signInAs(users.admin);
    expectServerError(await updateTicketStatusAction({ ticketId: randomUUID(), status: "resolved" }), "NOT_FOUND");
    useLocale("en");
    const stale = await updateTicketStatusAction({
      ticketId: ticket.id,
      status: "resolved",
      expectedVersion: ticket.version + 5,
    });
    expect(stale).toEqual({
      serverError: { code: "CONFLICT", message: "The request changed in the meantime. Please reload the page." },
    });
  });

  it("gives the service's reasonRequired as a translated VALIDATION serverError", async () => {
    const ticket = await createTicket({ userId: users.student.id, category, status: "resolved" });
    await signInAs(users.admin);
    expect((await updateTicketStatusAction({ ticketId: ticket.id, status: "in_progress" })).serverError).toEqual({
      code: "VALIDATION",
      message: errorText("VALIDATION"),
      fieldErrors: { reason: validationText("reasonRequired") },
    });
  });
});

describe("updateTicketPriorityAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => updateTicketPriorityAction({ ticketId: randomUUID(), priority: "high" }));

  it("lets an admin change the priority, and stores it", async () => {
    const ticket = await createTicket({ userId: users.student.id, category, priority: "low" });
    await signInAs(users.admin);
    expect(dataOf(await updateTicketPriorityAction({ ticketId: ticket.id, priority: "urgent" }))).toMatchObject({
      priority: "urgent",
    });
    expect(await storedTicket(ticket.id)).toMatchObject({ priority: "urgent" });
  });

  it("refuses a malformed id with VALIDATION invalidId", async () => {
    await signInAs(users.admin);
    expectValidationError(await updateTicketPriorityAction({ ticketId: "pas-un-uuid", priority: "high" }), {
      ticketId: "invalidId",
    });
  });

  it("gives NOT_FOUND for an unknown ticket", async () => {
    await signInAs(users.admin);
    expectServerError(await updateTicketPriorityAction({ ticketId: randomUUID(), priority: "high" }), "NOT_FOUND");
  });
});

describe("assignTicketAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => assignTicketAction({ ticketId: randomUUID(), assigneeId: null }));

  it("lets an admin assign a ticket to an admin, and stores it", async () => {
    const ticket = await createTicket({ userId: users.student.id, category });
    await signInAs(users.admin);
    dataOf(await assignTicketAction({ ticketId: ticket.id, assigneeId: users.admin.id }));
    expect(await storedTicket(ticket.id)).toMatchObject({ assigned_to: users.admin.id });
  });

  it("refuses a malformed assignee with VALIDATION invalidId", async () => {
    await signInAs(users.admin);
    expectValidationError(await assignTicketAction({ ticketId: randomUUID(), assigneeId: "admin-1" }), {
      assigneeId: "invalidId",
    });
  });

  it("gives the service's assigneeNotAdmin as a translated VALIDATION serverError", async () => {
    const ticket = await createTicket({ userId: users.student.id, category });
    await signInAs(users.admin);
    expect((await assignTicketAction({ ticketId: ticket.id, assigneeId: users.tutor.id })).serverError).toEqual({
      code: "VALIDATION",
      message: errorText("VALIDATION"),
      fieldErrors: { assigneeId: validationText("assigneeNotAdmin") },
    });
  });
});

describe("createCategoryAction", () => {
  const fresh = () => `cat-${randomUUID().slice(0, 8)}`;
  itRefusesOtherRolesAndGuests("admin", () =>
    createCategoryAction({ slug: fresh(), labelFr: "Libellé", labelEn: "Label" }),
  );

  it("lets an admin create a category, and stores it", async () => {
    const slug = fresh();
    await signInAs(users.admin);
    expect(
      dataOf(await createCategoryAction({ slug, labelFr: `Libellé ${slug}`, labelEn: `Label ${slug}` })),
    ).toMatchObject({
      slug,
      labelFr: `Libellé ${slug}`,
      labelEn: `Label ${slug}`,
    });
    expect(await storedRows("select slug from ticket_categories where slug = $1", [slug])).toHaveLength(1);
  });

  it("refuses a bad slug and short labels with VALIDATION, every field translated", async () => {
    await signInAs(users.admin);
    expectValidationError(await createCategoryAction({ slug: "Pas Bon", labelFr: "x", labelEn: "y" }), {
      slug: "slugInvalid",
      labelFr: "labelTooShort",
      labelEn: "labelTooShort",
    });
  });

  it("gives the service's slugTaken as a translated VALIDATION serverError", async () => {
    await signInAs(users.admin);
    expect((await createCategoryAction({ slug: category, labelFr: "Libellé", labelEn: "Label" })).serverError).toEqual({
      code: "VALIDATION",
      message: errorText("VALIDATION"),
      fieldErrors: { slug: validationText("slugTaken") },
    });
  });
});

describe("updateCategoryAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => updateCategoryAction({ slug: category, labelFr: "Autre libellé" }));

  it("lets an admin rename a category, and stores it", async () => {
    const { slug } = await createTicketCategory();
    await signInAs(users.admin);
    // Labels are unique across categories, and other test files rename theirs too.
    const labelFr = `Nouveau nom ${slug}`;
    dataOf(await updateCategoryAction({ slug, labelFr }));
    expect(await storedRows("select label_fr from ticket_categories where slug = $1", [slug])).toEqual([
      { label_fr: labelFr },
    ]);
  });

  it("refuses a label over 80 characters with VALIDATION labelTooLong", async () => {
    await signInAs(users.admin);
    expectValidationError(await updateCategoryAction({ slug: category, labelEn: "y".repeat(81) }), {
      labelEn: "labelTooLong",
    });
  });

  it("gives NOT_FOUND for a category that does not exist", async () => {
    await signInAs(users.admin);
    expectServerError(
      await updateCategoryAction({ slug: `absente-${randomUUID().slice(0, 8)}`, isActive: false }),
      "NOT_FOUND",
    );
  });
});

describe("reorderCategoriesAction", () => {
  itRefusesOtherRolesAndGuests("admin", () => reorderCategoriesAction({ slugs: [category] }));

  it("lets an admin reorder every category, and stores the order", async () => {
    const slugs = (
      await storedRows<{ slug: string }>("select slug from ticket_categories order by sort_order, slug")
    ).map((row) => row.slug);
    const reversed = [...slugs].reverse();
    await signInAs(users.admin);
    dataOf(await reorderCategoriesAction({ slugs: reversed }));
    const stored = await storedRows<{ slug: string }>("select slug from ticket_categories order by sort_order, slug");
    expect(stored.map((row) => row.slug)).toEqual(reversed);
  });

  it("refuses a malformed slug in the list with VALIDATION slugInvalid", async () => {
    await signInAs(users.admin);
    expectValidationError(await reorderCategoriesAction({ slugs: [category, "Pas Bon"] }), {
      "slugs.1": "slugInvalid",
    });
  });

  it("gives the service's orderIncomplete as a translated VALIDATION serverError", async () => {
    await signInAs(users.admin);
    expect((await reorderCategoriesAction({ slugs: [category] })).serverError).toEqual({
      code: "VALIDATION",
      message: errorText("VALIDATION"),
      fieldErrors: { slugs: validationText("orderIncomplete") },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Student

describe("getStudentTicketsAction", () => {
  itRefusesOtherRolesAndGuests("student", () => getStudentTicketsAction({}));

  it("gives a student the page of their own tickets", async () => {
    const student = await createStudent();
    const mine = await createTicket({ userId: student.id, category });
    await createTicket({ userId: users.student.id, category });
    await signInAs(student);
    const page = dataOf(await getStudentTicketsAction({}));
    expect(page?.items.map((item) => item.id)).toEqual([mine.id]);
  });

  it("refuses an unknown status with VALIDATION on the status field", async () => {
    await signInAs(users.student);
    expectValidationError(await getStudentTicketsAction({ status: "archived" as "open" }), { status: null });
  });
});

describe("closeTicketAction", () => {
  itRefusesOtherRolesAndGuests("student", () => closeTicketAction({ ticketId: randomUUID() }));

  it("lets the owner close their ticket, and stores it", async () => {
    const ticket = await createTicket({ userId: users.student.id, category, status: "resolved" });
    await signInAs(users.student);
    expect(dataOf(await closeTicketAction({ ticketId: ticket.id }))).toEqual({ status: "closed" });
    expect(await storedTicket(ticket.id)).toMatchObject({ status: "closed" });
  });

  it("refuses a malformed id with VALIDATION invalidId, in French and in English", async () => {
    await signInAs(users.student);
    const result = await closeTicketAction({ ticketId: "pas-un-uuid" });
    expectValidationError(result, { ticketId: "invalidId" });
    expect(result.validationErrors?.fieldErrors?.ticketId).toBe("Identifiant invalide.");
    useLocale("en");
    expect((await closeTicketAction({ ticketId: "pas-un-uuid" })).validationErrors?.fieldErrors).toEqual({
      ticketId: "Invalid identifier.",
    });
  });

  it("gives TICKET_CLOSED for a closed ticket and NOT_FOUND for another student's, translated", async () => {
    const closed = await createTicket({ userId: users.student.id, category, status: "resolved" });
    await signInAs(users.student);
    dataOf(await closeTicketAction({ ticketId: closed.id }));
    expectServerError(await closeTicketAction({ ticketId: closed.id }), "TICKET_CLOSED");
    const someoneElses = await createTicket({ userId: (await createStudent()).id, category });
    expectServerError(await closeTicketAction({ ticketId: someoneElses.id }), "NOT_FOUND");
  });
});
