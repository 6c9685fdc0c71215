/**
 * Request templates per category (issue 15): admins set a prompt (both languages) and an
 * optional required link on the categories page; the server refuses a request in that
 * category without the link, with a translated error on the link's field.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { updateCategoryAction } from "@/features/tickets/actions/admin-actions";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
import {
  createAdmin,
  createAppointment,
  createOrder,
  createStudent,
  createTicketCategory,
  createTutor,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { dataOf, expectServerError, signInAs, signOut } from "../support/actions";
import { asServiceRole, asUser, rowsOf } from "../support/db";
import { expectValidation } from "../support/tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let admin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;

beforeAll(async () => {
  [admin, student, tutor] = await Promise.all([createAdmin(), createStudent(), createTutor()]);
});

const request = (category: string, links: { orderId?: string; appointmentId?: string } = {}) =>
  createSupportTicket(sessionUserOf(student), {
    subject: "Une question sur ma commande",
    description: "Bonjour, pouvez-vous m'aider avec ceci ? Merci beaucoup.",
    category,
    orderId: links.orderId ?? null,
    appointmentId: links.appointmentId ?? null,
  });

describe("request templates", () => {
  it("an admin sets the prompt and required link; students read the prompt with the categories", async () => {
    const category = await createTicketCategory();
    await signInAs(admin);
    dataOf(
      await updateCategoryAction({
        slug: category.slug,
        promptFr: "Indiquez le numéro de la commande.",
        promptEn: "Give the order number.",
        requiredLink: "order",
      }),
    );
    const seen = (await listCategories(sessionUserOf(student), { activeOnly: true })).find(
      (c) => c.slug === category.slug,
    );
    expect(seen).toMatchObject({
      promptFr: "Indiquez le numéro de la commande.",
      promptEn: "Give the order number.",
      requiredLink: "order",
    });
  });

  it("refuses a request without the required order or appointment, and takes it with one", async () => {
    const needsOrder = await createTicketCategory();
    const needsAppointment = await createTicketCategory();
    await signInAs(admin);
    dataOf(await updateCategoryAction({ slug: needsOrder.slug, requiredLink: "order" }));
    dataOf(await updateCategoryAction({ slug: needsAppointment.slug, requiredLink: "appointment" }));

    await expectValidation(request(needsOrder.slug), { orderId: "orderRequired" });
    await expectValidation(request(needsAppointment.slug), { appointmentId: "appointmentRequired" });
    // An appointment does not stand in for the order.
    const appointment = await createAppointment({ studentId: student.id });
    await expectValidation(request(needsOrder.slug, { appointmentId: appointment.id }), { orderId: "orderRequired" });
    const counted = rowsOf(
      await asServiceRole("select count(*)::int as n from support_tickets where category = any($1)", [
        [needsOrder.slug, needsAppointment.slug],
      ]),
    );
    expect(counted[0]?.n).toBe(0);

    const order = await createOrder({ userId: student.id });
    expect((await request(needsOrder.slug, { orderId: order.id })).id).toBeTruthy();
    expect((await request(needsAppointment.slug, { appointmentId: appointment.id })).id).toBeTruthy();
  });

  it.each([
    ["a student", () => student],
    ["a tutor", () => tutor],
  ])("%s cannot change a template, through the action or under RLS", async (_label, who) => {
    const category = await createTicketCategory();
    await signInAs(who());
    expectServerError(await updateCategoryAction({ slug: category.slug, requiredLink: "order" }), "FORBIDDEN");
    expect(
      rowsOf(
        await asUser(who().id, "update ticket_categories set prompt_fr = 'x' where slug = $1 returning slug", [
          category.slug,
        ]),
      ),
    ).toEqual([]);
    const [row] = rowsOf(
      await asServiceRole("select prompt_fr, required_link from ticket_categories where slug = $1", [category.slug]),
    );
    expect(row).toEqual({ prompt_fr: "", required_link: null });
  });
});
