/**
 * Admin ticket details (plan 3.2 getTicketDetails / 5.2), the admin dashboard's counts and
 * newest tickets, and category management (add, rename, retire, reorder).
 *
 * Tickets are built through the services where the plan's flow matters (so the history
 * is the real one), with factories for the rest; outcomes are read back as service_role.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createCategoryAction } from "@/features/tickets/actions/admin-actions";
import type { TAdminDashboard } from "@/features/tickets/dto";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { createCategory } from "@/features/tickets/service/create-category";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getAdminDashboard } from "@/features/tickets/service/get-admin-dashboard";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { reorderCategories } from "@/features/tickets/service/reorder-categories";
import { updateCategory } from "@/features/tickets/service/update-category";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import {
  createAdmin,
  createAppointment,
  createAttachment,
  createCourse,
  createOrder,
  createStudent,
  createTicket,
  createTutor,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { uniqueSuffix } from "../factories/service-db";
import { actionErrorOf, expectRefusedInput, signInAs, signOut } from "../support/actions";
import { expectAppError, storedTicket } from "../support/admin-tickets";
import { asServiceRole, asUser, rowsOf } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let admin: TUserRow;
let otherAdmin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;
let asAdmin: TSessionUser;
let asStudent: TSessionUser;

/** Categories this file creates; retired at the end so other files' "active categories" stay as seeded. */
const createdSlugs: string[] = [];

beforeAll(async () => {
  [admin, otherAdmin, student, tutor] = await Promise.all([
    createAdmin({ firstName: "Nadia", lastName: "Bergeron" }),
    createAdmin({ firstName: "Marc", lastName: "Ouellet" }),
    createStudent({ firstName: "Océane", lastName: "Pelletier" }),
    createTutor({ firstName: "Hugo", lastName: "Dufour" }),
  ]);
  asAdmin = sessionUserOf(admin);
  asStudent = sessionUserOf(student);
});

afterAll(async () => {
  rowsOf(
    await asServiceRole(
      "update public.ticket_categories set is_active = false where slug = any($1::text[])",
      [createdSlugs],
      {
        commit: true,
      },
    ),
  );
});

const FORBIDDEN_ROLES = [
  ["a student", () => student],
  ["a tutor", () => tutor],
] as const;

describe("getAdminTicketDetails", () => {
  let ticketId: string;
  let appointmentId: string;
  let orderId: string;
  let studentMessageId: string;
  let replyId: string;
  let noteId: string;
  const fileIds: string[] = [];

  beforeAll(async () => {
    const course = await createCourse({ title: "Chimie générale" });
    const appointment = await createAppointment({
      studentId: student.id,
      tutorId: tutor.id,
      courseId: course.id,
      startsAt: new Date("2025-02-10T19:00:00Z"),
      status: "completed",
    });
    const order = await createOrder({ userId: student.id, totalCents: 12_345, description: "Forfait 5 séances" });
    appointmentId = appointment.id;
    orderId = order.id;
    await createTicket({ userId: student.id, status: "closed" }); // an older ticket of the same student

    // The plan's flow, through the services: the history below is what they recorded.
    ticketId = (
      await createSupportTicket(asStudent, {
        subject: "Séance de chimie non tenue",
        description: "Le tuteur ne s'est pas présenté le 10 février, je voudrais être remboursée.",
        category: "reservations",
        appointmentId,
        orderId,
      })
    ).id;
    await assignTicket(asAdmin, { ticketId, assigneeId: admin.id });
    await updateTicketPriority(asAdmin, { ticketId, priority: "high" });
    studentMessageId = (await addTicketMessage(asStudent, { ticketId, message: "Voici la capture du calendrier." }))
      .messageId;
    replyId = (await addTicketMessage(asAdmin, { ticketId, message: "Merci, nous vérifions avec le tuteur." }))
      .messageId;
    noteId = (
      await addTicketMessage(sessionUserOf(otherAdmin), {
        ticketId,
        message: "Le tuteur confirme l'absence : rembourser.",
        isInternal: true,
      })
    ).messageId;
    await updateTicketStatus(asAdmin, { ticketId, status: "in_progress" });

    for (const file of [
      { messageId: studentMessageId, uploadedBy: student.id, fileName: "calendrier.png" },
      { messageId: null, uploadedBy: student.id, fileName: "reçu.pdf" },
      { messageId: noteId, uploadedBy: otherAdmin.id, fileName: "courriel-tuteur.pdf" },
    ]) {
      fileIds.push((await createAttachment({ ticketId, ...file })).id);
    }
  });

  it("has the ticket, its assignee, priority and version", async () => {
    const details = await getAdminTicketDetails(asAdmin, ticketId);
    const stored = await storedTicket(ticketId);
    expect(details).toMatchObject({
      id: ticketId,
      number: stored.number,
      subject: "Séance de chimie non tenue",
      category: "reservations",
      status: "in_progress",
      priority: "high",
      version: stored.version,
      assignee: { id: admin.id, name: "Nadia Bergeron" },
      resolvedAt: null,
    });
  });

  it("includes internal notes, with every author's name and role", async () => {
    const { messages } = await getAdminTicketDetails(asAdmin, ticketId);
    expect(messages.map((m) => ({ id: m.id, author: m.author, isInternal: m.isInternal }))).toEqual([
      {
        id: studentMessageId,
        author: { id: student.id, name: "Océane Pelletier", role: "student" },
        isInternal: false,
      },
      { id: replyId, author: { id: admin.id, name: "Nadia Bergeron", role: "admin" }, isInternal: false },
      { id: noteId, author: { id: otherAdmin.id, name: "Marc Ouellet", role: "admin" }, isInternal: true },
    ]);
    expect(messages[2]?.message).toBe("Le tuteur confirme l'absence : rembourser.");
  });

  it("includes every attachment, those of internal notes too", async () => {
    const { attachments } = await getAdminTicketDetails(asAdmin, ticketId);
    expect(attachments.map((a) => a.id)).toEqual(fileIds);
    expect(attachments.map((a) => [a.fileName, a.messageId])).toEqual([
      ["calendrier.png", studentMessageId],
      ["reçu.pdf", null],
      ["courriel-tuteur.pdf", noteId],
    ]);
  });

  it("has the appointment and order context", async () => {
    const details = await getAdminTicketDetails(asAdmin, ticketId);
    expect(details.appointment).toEqual({
      id: appointmentId,
      courseTitle: "Chimie générale",
      tutorName: "Hugo Dufour",
      startsAt: new Date("2025-02-10T19:00:00Z"),
      status: "completed",
    });
    expect(details.order).toMatchObject({
      id: orderId,
      description: "Forfait 5 séances",
      totalCents: 12_345,
      currency: "CAD",
      status: "paid",
    });
  });

  it("has the student's card: name, email, member since, ticket count, recent appointments and orders", async () => {
    const { student: card } = await getAdminTicketDetails(asAdmin, ticketId);
    expect(card).toMatchObject({
      id: student.id,
      name: "Océane Pelletier",
      firstName: "Océane",
      lastName: "Pelletier",
      email: student.email,
      memberSince: student.createdAt,
      ticketCount: 2,
    });
    expect(card.recentAppointments.map((a) => a.id)).toEqual([appointmentId]);
    expect(card.recentOrders.map((o) => o.id)).toEqual([orderId]);
  });

  it("has the full history, oldest first, with who did what", async () => {
    const { history } = await getAdminTicketDetails(asAdmin, ticketId);
    expect(history.map((h) => [h.type, h.actorName, h.fromValue, h.toValue, h.messageId])).toEqual([
      ["created", "Océane Pelletier", null, "open", null],
      ["assigned", "Nadia Bergeron", null, admin.id, null],
      ["priority_changed", "Nadia Bergeron", "medium", "high", null],
      ["message_added", "Océane Pelletier", null, null, studentMessageId],
      ["message_added", "Nadia Bergeron", null, null, replyId],
      ["internal_note_added", "Marc Ouellet", null, null, noteId],
      ["status_changed", "Nadia Bergeron", "open", "in_progress", null],
    ]);
  });

  it("marks the ticket read for that admin (and only that admin)", async () => {
    const readAt = async (userId: string) =>
      rowsOf(
        await asServiceRole<{ last_read_at: Date }>(
          "select last_read_at from public.ticket_reads where ticket_id = $1 and user_id = $2",
          [ticketId, userId],
        ),
      )[0]?.last_read_at;
    const before = (await readAt(admin.id)) ?? new Date(0);
    const otherAdminsRead = await readAt(otherAdmin.id);
    expect(otherAdminsRead).toBeDefined();
    await addTicketMessage(asStudent, { ticketId, message: "Des nouvelles ?" });
    const listed = async () =>
      (await getAllSupportTickets(asAdmin, { search: `#${(await storedTicket(ticketId)).number}` })).items[0]?.unread;
    expect(await listed()).toBe(true);
    await getAdminTicketDetails(asAdmin, ticketId);
    expect((await readAt(admin.id))?.getTime()).toBeGreaterThan(before.getTime());
    expect(await listed()).toBe(false);
    expect(await readAt(otherAdmin.id)).toEqual(otherAdminsRead);
    // Nothing new since: opening it again writes nothing (a read-only transaction).
    const marked = await readAt(admin.id);
    await getAdminTicketDetails(asAdmin, ticketId);
    expect(await readAt(admin.id)).toEqual(marked);
    // A staff reply is not news for an admin either.
    await addTicketMessage(asAdmin, { ticketId, message: "Nous regardons cela." });
    const afterOwnReply = await readAt(admin.id);
    await getAdminTicketDetails(sessionUserOf(otherAdmin), ticketId);
    await getAdminTicketDetails(asAdmin, ticketId);
    expect(await readAt(admin.id)).toEqual(afterOwnReply);
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN", async (_label, who) => {
    await expectAppError(getAdminTicketDetails(sessionUserOf(who()), ticketId), "FORBIDDEN");
  });

  it("gives NOT_FOUND for an unknown ticket, VALIDATION for a malformed id", async () => {
    await expectAppError(getAdminTicketDetails(asAdmin, randomUUID()), "NOT_FOUND");
    await expectAppError(getAdminTicketDetails(asAdmin, "#1042"), "VALIDATION", { ticketId: "invalidId" });
  });

  it("shows the 5 most recent appointments and orders on the card, newest first", async () => {
    const regular = await createStudent();
    const starts = [1, 6, 3, 5, 2, 4].map((day) => new Date(`2025-03-0${day}T15:00:00Z`));
    const appointments = [];
    for (const startsAt of starts) appointments.push(await createAppointment({ studentId: regular.id, startsAt }));
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await createOrder({ userId: regular.id }));
    const ticket = await createTicket({ userId: regular.id });
    const { student: card } = await getAdminTicketDetails(asAdmin, ticket.id);
    expect(card.recentAppointments.map((a) => a.startsAt.toISOString().slice(0, 10))).toEqual([
      "2025-03-06",
      "2025-03-05",
      "2025-03-04",
      "2025-03-03",
      "2025-03-02",
    ]);
    expect(card.recentOrders.map((o) => o.id)).toEqual(
      orders
        .slice(1)
        .reverse()
        .map((o) => o.id),
    );
    expect(card.ticketCount).toBe(1);
  });
});

describe("getAdminDashboard", () => {
  type TCounts = TAdminDashboard["counts"];
  const countsOf = async (user: TSessionUser) => (await getAdminDashboard(user)).counts;
  const delta = (after: TCounts, before: TCounts): TCounts => ({
    open: after.open - before.open,
    inProgress: after.inProgress - before.inProgress,
    unassigned: after.unassigned - before.unassigned,
    mine: after.mine - before.mine,
  });

  it("counts open, in progress, unassigned and mine, moving by exactly what each change does", async () => {
    const asOther = sessionUserOf(otherAdmin);
    let mineBefore = await countsOf(asAdmin);
    let otherBefore = await countsOf(asOther);
    const step = async (change: () => Promise<unknown>, expected: TCounts, expectedForOther: TCounts) => {
      await change();
      const [mine, other] = [await countsOf(asAdmin), await countsOf(asOther)];
      expect(delta(mine, mineBefore)).toEqual(expected);
      expect(delta(other, otherBefore)).toEqual(expectedForOther);
      [mineBefore, otherBefore] = [mine, other];
    };

    let ticketId = "";
    await step(
      async () => {
        ticketId = (await createTicket({ userId: student.id })).id;
      },
      { open: 1, inProgress: 0, unassigned: 1, mine: 0 },
      { open: 1, inProgress: 0, unassigned: 1, mine: 0 },
    );
    await step(
      () => assignTicket(asAdmin, { ticketId, assigneeId: admin.id }),
      { open: 0, inProgress: 0, unassigned: -1, mine: 1 },
      { open: 0, inProgress: 0, unassigned: -1, mine: 0 },
    );
    await step(
      () => updateTicketStatus(asAdmin, { ticketId, status: "in_progress" }),
      { open: -1, inProgress: 1, unassigned: 0, mine: 0 },
      { open: -1, inProgress: 1, unassigned: 0, mine: 0 },
    );
    await step(
      () => assignTicket(asAdmin, { ticketId, assigneeId: otherAdmin.id }),
      { open: 0, inProgress: 0, unassigned: 0, mine: -1 },
      { open: 0, inProgress: 0, unassigned: 0, mine: 1 },
    );
    await step(
      () => updateTicketStatus(asAdmin, { ticketId, status: "resolved" }),
      { open: 0, inProgress: -1, unassigned: 0, mine: 0 },
      { open: 0, inProgress: -1, unassigned: 0, mine: -1 },
    );
    await step(
      () => createTicket({ userId: student.id, status: "in_progress" }),
      { open: 0, inProgress: 1, unassigned: 1, mine: 0 },
      { open: 0, inProgress: 1, unassigned: 1, mine: 0 },
    );
    await step(
      () => createTicket({ userId: student.id, status: "closed", assignedTo: admin.id }),
      { open: 0, inProgress: 0, unassigned: 0, mine: 0 },
      { open: 0, inProgress: 0, unassigned: 0, mine: 0 },
    );
  });

  it("agrees with the list: open count = walking the open filter", async () => {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await getAllSupportTickets(asAdmin, { status: "open", cursor });
      count += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect((await countsOf(asAdmin)).open).toBe(count);
  });

  it("recent is the 10 newest tickets, newest first, with the list's row shape", async () => {
    const created: string[] = [];
    for (let i = 0; i < 11; i++) created.push((await createTicket({ userId: student.id })).id);
    const { recent } = await getAdminDashboard(asAdmin);
    expect(recent.map((item) => item.id)).toEqual(created.slice(1).reverse());
    expect(recent[0]).toMatchObject({
      student: { id: student.id, name: "Océane Pelletier", email: student.email },
      unread: true,
      messageCount: 0,
    });
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN", async (_label, who) => {
    await expectAppError(getAdminDashboard(sessionUserOf(who())), "FORBIDDEN");
  });
});

describe("categories", () => {
  const slugOf = (prefix: string) => {
    const slug = `${prefix}-${uniqueSuffix()}`;
    createdSlugs.push(slug);
    return slug;
  };
  type TStoredCategory = { slug: string; label_fr: string; label_en: string; is_active: boolean; sort_order: number };
  const storedCategory = async (slug: string) =>
    rowsOf(
      await asServiceRole<TStoredCategory>(
        "select slug, label_fr, label_en, is_active, sort_order from public.ticket_categories where slug = $1",
        [slug],
      ),
    )[0];
  const validTicket = (category: string) => ({
    subject: "Question de facturation",
    description: "Pouvez-vous m'envoyer une copie de la facture de février ?",
    category,
  });

  it("createCategory adds an active category at the end of the list", async () => {
    const slug = slugOf("tutorat-en-ligne");
    const maxBefore = Math.max(...(await listCategories(asAdmin)).map((c) => c.sortOrder));
    const created = await createCategory(asAdmin, { slug, labelFr: "Tutorat en ligne", labelEn: "Online tutoring" });
    expect(created).toEqual({
      slug,
      labelFr: "Tutorat en ligne",
      labelEn: "Online tutoring",
      isActive: true,
      sortOrder: maxBefore + 10,
      // No request template until an admin writes one (issue 15).
      promptFr: "",
      promptEn: "",
      requiredLink: null,
    });
    expect(await storedCategory(slug)).toEqual({
      slug,
      label_fr: "Tutorat en ligne",
      label_en: "Online tutoring",
      is_active: true,
      sort_order: maxBefore + 10,
    });
    expect((await listCategories(asAdmin)).at(-1)?.slug).toBe(slug);
    await expect(createSupportTicket(asStudent, validTicket(slug))).resolves.toMatchObject({ id: expect.any(String) });
  });

  it.each([
    "A",
    "a",
    "Majuscules",
    "avec espace",
    "accentué",
    "-debut",
    "fin-",
    "double--tiret",
    "sous_tiret",
    "x".repeat(65),
  ])("refuses the slug %j with VALIDATION slugInvalid", async (slug) => {
    // Input is parsed at the edge: the action the category manager calls.
    await signInAs(admin);
    expectRefusedInput(actionErrorOf(await createCategoryAction({ slug, labelFr: "Libellé", labelEn: "Label" })), {
      slug: "slugInvalid",
    });
    expect(await storedCategory(slug)).toBeUndefined();
  });

  it("accepts slugs at the limits (2 and 64 characters, digits and single dashes)", async () => {
    const long = `${"x".repeat(55)}-${uniqueSuffix()}`;
    createdSlugs.push(long);
    expect(long).toHaveLength(64);
    await expect(createCategory(asAdmin, { slug: long, labelFr: "Long", labelEn: "Long" })).resolves.toMatchObject({
      slug: long,
    });
    const digits = slugOf("a1-b2");
    await expect(
      createCategory(asAdmin, { slug: digits, labelFr: "Chiffres", labelEn: "Digits" }),
    ).resolves.toBeTruthy();
  });

  it("refuses labels that are too short or too long", async () => {
    const slug = slugOf("libelles");
    // Input is parsed at the edge: the action the category manager calls.
    await signInAs(admin);
    expectRefusedInput(actionErrorOf(await createCategoryAction({ slug, labelFr: "x", labelEn: "Label" })), {
      labelFr: "labelTooShort",
    });
    expectRefusedInput(
      actionErrorOf(await createCategoryAction({ slug, labelFr: "Libellé", labelEn: "y".repeat(81) })),
      { labelEn: "labelTooLong" },
    );
    expect(await storedCategory(slug)).toBeUndefined();
  });

  it("refuses a slug that exists with VALIDATION slugTaken, leaving the existing one as it was", async () => {
    const before = await storedCategory("reservations");
    const slugsBefore = (await listCategories(asAdmin)).map((c) => c.slug);
    // Input is parsed at the edge: the action the category manager calls trims the slug, so the
    // padded one is the same slug (the service takes it as given and would store it padded).
    await signInAs(admin);
    for (const slug of ["reservations", "  reservations "]) {
      expectRefusedInput(
        actionErrorOf(await createCategoryAction({ slug, labelFr: "Doublon", labelEn: "Duplicate" })),
        { slug: "slugTaken" },
      );
    }
    expect(await storedCategory("reservations")).toEqual(before);
    expect(await storedCategory("  reservations ")).toBeUndefined();
    expect((await listCategories(asAdmin)).map((c) => c.slug)).toEqual(slugsBefore);
  });

  it("updateCategory renames the French and English labels, each on its own", async () => {
    const slug = slugOf("renommer");
    await createCategory(asAdmin, { slug, labelFr: `Ancien nom ${slug}`, labelEn: `Old name ${slug}` });
    expect(await updateCategory(asAdmin, { slug, labelFr: `Nouveau nom ${slug}` })).toMatchObject({
      labelFr: `Nouveau nom ${slug}`,
      labelEn: `Old name ${slug}`,
    });
    await updateCategory(asAdmin, { slug, labelEn: `New name ${slug}` });
    expect(await storedCategory(slug)).toMatchObject({
      label_fr: `Nouveau nom ${slug}`,
      label_en: `New name ${slug}`,
      is_active: true,
    });
    expect((await listCategories(asAdmin)).find((c) => c.slug === slug)).toMatchObject({
      labelFr: `Nouveau nom ${slug}`,
      labelEn: `New name ${slug}`,
    });
  });

  it("a deactivated category is refused for new tickets, still listed, and its tickets stay", async () => {
    const slug = slugOf("a-retirer");
    await createCategory(asAdmin, { slug, labelFr: "À retirer", labelEn: "To retire" });
    const existing = await createSupportTicket(asStudent, validTicket(slug));

    expect(await updateCategory(asAdmin, { slug, isActive: false })).toMatchObject({ slug, isActive: false });
    await expectAppError(createSupportTicket(asStudent, validTicket(slug)), "VALIDATION", {
      category: "categoryInvalid",
    });
    expect((await listCategories(asAdmin)).find((c) => c.slug === slug)).toMatchObject({ isActive: false });
    expect((await listCategories(asAdmin, { activeOnly: true })).map((c) => c.slug)).not.toContain(slug);
    expect((await getAllSupportTickets(asAdmin, { category: slug })).items.map((i) => i.id)).toEqual([existing.id]);

    await updateCategory(asAdmin, { slug, isActive: true });
    await expect(createSupportTicket(asStudent, validTicket(slug))).resolves.toBeTruthy();
  });

  it("updateCategory gives NOT_FOUND for an unknown slug", async () => {
    await expectAppError(updateCategory(asAdmin, { slug: `inconnue-${uniqueSuffix()}`, labelFr: "Rien" }), "NOT_FOUND");
  });

  it("reorderCategories sets the order of every category", async () => {
    const original = (await listCategories(asAdmin)).map((c) => c.slug);
    const reversed = [...original].reverse();
    try {
      const result = await reorderCategories(asAdmin, { slugs: reversed });
      expect(result.map((c) => c.slug)).toEqual(reversed);
      expect(result.map((c) => c.sortOrder)).toEqual(reversed.map((_, index) => (index + 1) * 10));
      expect((await listCategories(asAdmin)).map((c) => c.slug)).toEqual(reversed);
    } finally {
      await reorderCategories(asAdmin, { slugs: original });
    }
    expect((await listCategories(asAdmin)).map((c) => c.slug)).toEqual(original);
  });

  it.each([
    ["one missing", (slugs: string[]) => slugs.slice(1)],
    ["one twice", (slugs: string[]) => [...slugs.slice(1), slugs[1] ?? ""]],
    ["one twice, on top of all", (slugs: string[]) => [...slugs, slugs[0] ?? ""]],
    ["an unknown one instead of a real one", (slugs: string[]) => [...slugs.slice(1), "inconnue-zz"]],
  ])("reorderCategories refuses a list with %s (VALIDATION orderIncomplete) and keeps the order", async (_l, edit) => {
    const before = await listCategories(asAdmin);
    await expectAppError(
      reorderCategories(asAdmin, { slugs: edit([...before].reverse().map((c) => c.slug)) }),
      "VALIDATION",
      { slugs: "orderIncomplete" },
    );
    expect(await listCategories(asAdmin)).toEqual(before);
  });

  it.each(FORBIDDEN_ROLES)("refuses %s with FORBIDDEN for create, update and reorder", async (_label, who) => {
    const user = sessionUserOf(who());
    const slug = slugOf("interdit");
    const before = await listCategories(asAdmin);
    await expectAppError(createCategory(user, { slug, labelFr: "Interdit", labelEn: "Forbidden" }), "FORBIDDEN");
    await expectAppError(updateCategory(user, { slug: "reservations", isActive: false }), "FORBIDDEN");
    await expectAppError(reorderCategories(user, { slugs: [...before].reverse().map((c) => c.slug) }), "FORBIDDEN");
    expect(await listCategories(asAdmin)).toEqual(before);
  });

  it.each(FORBIDDEN_ROLES)("refuses %s's direct SQL on ticket_categories (42501 / no row)", async (_label, who) => {
    const inserted = await asUser(
      who().id,
      "insert into public.ticket_categories (slug, label_fr, label_en) values ($1, 'Pirate', 'Pirate')",
      [`pirate-${uniqueSuffix()}`],
    );
    expect(inserted.ok ? "inserted" : inserted.code).toBe("42501");
    const updated = await asUser(
      who().id,
      "update public.ticket_categories set is_active = false where slug = 'autre'",
    );
    expect(updated).toMatchObject({ ok: true, rowCount: 0 });
  });
});
