/**
 * Canned replies (issue 15): admins write them (personal or shared with the team), the server
 * refuses unknown variables, the picker's fill is done on the server in the student's language
 * with missing values left readable, uses are counted (most used first), and students and
 * tutors can never read them, through the actions or straight under RLS.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createCannedReplyAction,
  deleteCannedReplyAction,
  listCannedRepliesAction,
  renderCannedReplyAction,
  updateCannedReplyAction,
} from "@/features/canned-replies/actions/canned-reply-actions";
import type { TCannedReply } from "@/features/canned-replies/dto";
import {
  createAdmin,
  createAppointment,
  createCourse,
  createStudent,
  createTicket,
  createTutor,
  type TUserRow,
} from "../factories";
import { dataOf, expectServerError, expectValidationError, signInAs, signOut } from "../support/actions";
import { asServiceRole, asUser, rowsOf } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let admin: TUserRow;
let otherAdmin: TUserRow;
let student: TUserRow;
let englishStudent: TUserRow;
let tutor: TUserRow;

beforeAll(async () => {
  [admin, otherAdmin, student, englishStudent, tutor] = await Promise.all([
    createAdmin({ firstName: "Maude" }),
    createAdmin({ firstName: "Karim" }),
    createStudent({ firstName: "Léa", lastName: "Tremblay", locale: "fr-CA" }),
    createStudent({ firstName: "Sam", lastName: "Smith", locale: "en" }),
    createTutor(),
  ]);
});

const BODIES = {
  title: "Séance reportée",
  bodyFr:
    "Bonjour {{student.first_name}}, votre demande n° {{ticket.number}} : la séance du {{appointment.date}} est reportée. {{agent.first_name}}",
  bodyEn:
    "Hi {{ student.first_name }}, request #{{ticket.number}}: the session of {{appointment.date}} is moved. {{agent.first_name}}",
};

async function createAs(user: TUserRow, input: Partial<typeof BODIES> & { isShared?: boolean } = {}) {
  await signInAs(user);
  return dataOf(await createCannedReplyAction({ ...BODIES, ...input })).id;
}

async function listAs(user: TUserRow): Promise<TCannedReply[]> {
  await signInAs(user);
  return dataOf(await listCannedRepliesAction());
}

describe("writing canned replies", () => {
  it("saves a reply with known variables, and lists it for its owner", async () => {
    const id = await createAs(admin, { title: `Perso ${Date.now()}` });
    const mine = (await listAs(admin)).find((reply) => reply.id === id);
    expect(mine).toMatchObject({ isMine: true, isShared: false, bodyFr: BODIES.bodyFr, usageCount: 0 });
  });

  it("refuses an unknown variable at save with a translated error, in either body, and writes nothing", async () => {
    await signInAs(admin);
    const title = `Inconnue ${Date.now()}`;
    expectValidationError(await createCannedReplyAction({ ...BODIES, title, bodyEn: "Hi {{student.nickname}}" }), {
      bodyEn: "cannedUnknownVariable",
    });
    expectValidationError(await createCannedReplyAction({ ...BODIES, title, bodyFr: "Bonjour {{ticket.secret}}" }), {
      bodyFr: "cannedUnknownVariable",
    });
    expect(rowsOf(await asServiceRole("select 1 from canned_replies where title = $1", [title]))).toHaveLength(0);
  });

  it("keeps a personal reply to its owner; a shared one is the team's, editable by any admin", async () => {
    const personal = await createAs(admin, { title: `Privée ${Date.now()}` });
    const shared = await createAs(admin, { title: `Équipe ${Date.now()}`, isShared: true });
    const seen = (await listAs(otherAdmin)).map((reply) => reply.id);
    expect(seen).toContain(shared);
    expect(seen).not.toContain(personal);

    await signInAs(otherAdmin);
    expectServerError(await updateCannedReplyAction({ ...BODIES, id: personal, title: "volée" }), "NOT_FOUND");
    expectServerError(await deleteCannedReplyAction({ id: personal }), "NOT_FOUND");
    dataOf(await updateCannedReplyAction({ ...BODIES, id: shared, title: "Renommée par Karim", isShared: true }));
    const [row] = rowsOf(await asServiceRole("select title from canned_replies where id = $1", [shared]));
    expect(row?.title).toBe("Renommée par Karim");

    await signInAs(admin);
    dataOf(await deleteCannedReplyAction({ id: personal }));
    expect(rowsOf(await asServiceRole("select 1 from canned_replies where id = $1", [personal]))).toHaveLength(0);
  });
});

describe("inserting a reply in a ticket", () => {
  it("fills the variables on the server, in the student's language, and leaves missing ones readable", async () => {
    const id = await createAs(admin, { title: `Remplie ${Date.now()}` });
    const course = await createCourse();
    const appointment = await createAppointment({
      studentId: student.id,
      courseId: course.id,
      startsAt: new Date("2027-03-04T19:30:00Z"),
    });
    const french = await createTicket({ userId: student.id, appointmentId: appointment.id });
    const english = await createTicket({ userId: englishStudent.id });

    await signInAs(admin);
    const fr = dataOf(await renderCannedReplyAction({ id, ticketId: french.id }));
    expect(fr.locale).toBe("fr-CA");
    expect(fr.text).toBe(
      `Bonjour Léa, votre demande n° ${french.number} : la séance du 4 mars 2027 à 14 h 30 est reportée. Maude`,
    );
    const en = dataOf(await renderCannedReplyAction({ id, ticketId: english.id }));
    expect(en).toEqual({
      locale: "en",
      text: `Hi Sam, request #${english.number}: the session of {{appointment.date}} is moved. Maude`,
    });
  });

  it("counts each use and lists the most used first", async () => {
    const stamp = Date.now();
    const rare = await createAs(admin, { title: `AAA rare ${stamp}` });
    const popular = await createAs(admin, { title: `ZZZ populaire ${stamp}` });
    const ticket = await createTicket({ userId: student.id });
    await signInAs(admin);
    for (let i = 0; i < 2; i++) dataOf(await renderCannedReplyAction({ id: popular, ticketId: ticket.id }));
    const list = await listAs(admin);
    expect(list.find((reply) => reply.id === popular)?.usageCount).toBe(2);
    expect(list.findIndex((reply) => reply.id === popular)).toBeLessThan(list.findIndex((reply) => reply.id === rare));
  });
});

describe("who may see canned replies", () => {
  it.each([
    ["a student", () => student],
    ["a tutor", () => tutor],
  ])("%s is refused by every action", async (_label, who) => {
    const id = await createAs(admin, { title: `Cachée ${Date.now()}`, isShared: true });
    const ticket = await createTicket({ userId: student.id });
    await signInAs(who());
    expectServerError(await listCannedRepliesAction(), "FORBIDDEN");
    expectServerError(await renderCannedReplyAction({ id, ticketId: ticket.id }), "FORBIDDEN");
    expectServerError(await createCannedReplyAction(BODIES), "FORBIDDEN");
    expectServerError(await deleteCannedReplyAction({ id }), "FORBIDDEN");
    expect(rowsOf(await asServiceRole("select 1 from canned_replies where id = $1", [id]))).toHaveLength(1);
  });

  it.each([
    ["a student", () => student],
    ["a tutor", () => tutor],
  ])("%s reads, writes and changes nothing under RLS, even a shared reply", async (_label, who) => {
    const id = await createAs(admin, { title: `RLS ${Date.now()}`, isShared: true });
    const user = who();
    expect(rowsOf(await asUser(user.id, "select * from canned_replies"))).toEqual([]);
    expect(rowsOf(await asUser(user.id, "update canned_replies set title = 'x' where id = $1", [id]))).toEqual([]);
    const insert = await asUser(
      user.id,
      "insert into canned_replies (owner_id, title, body_fr, body_en, is_shared) values ($1, 't', 'b', 'b', true)",
      [user.id],
    );
    expect(insert.ok ? "inserted" : insert.code).toBe("42501");
    const [row] = rowsOf(await asServiceRole("select title from canned_replies where id = $1", [id]));
    expect(row?.title).toMatch(/^RLS /);
  });
});
