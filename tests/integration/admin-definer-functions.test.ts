/**
 * The SECURITY DEFINER helpers that bypass RLS for speed (migrations 0011, 0012, 0040) must
 * refuse everyone but admins, and give admins only ids and counts.
 */
import { describe, expect, it } from "vitest";
import { createAdmin, createMessage, createStudent, createTicket, createTutor } from "../factories";
import { asUser } from "../support/db";

/**
 * The function answers NULL ("too common") when more than its cap match, or when the planner
 * expects more than four times the cap to: with a cap of 10, the run's shared table (thousands
 * of tickets, and the planner's default share for a word it has no statistics on) made it NULL
 * for any word. A cap of 1 000, and a word no other file's tickets hold.
 */
const SEARCH = "select public.admin_search_ticket_ids(to_tsquery('public.ticket_search', $1 || ':*'), 1000) as ids";
const RARE_WORD = `photosynthese${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;
const COUNTS = "select * from public.admin_ticket_counts($1::uuid, 1000)";

describe("admin_search_ticket_ids and admin_ticket_counts", () => {
  it("refuse a student and a tutor with 42501", async () => {
    for (const user of [await createStudent(), await createTutor()]) {
      expect(await asUser(user.id, SEARCH, [RARE_WORD])).toMatchObject({ ok: false, code: "42501" });
      expect(await asUser(user.id, COUNTS, [user.id])).toMatchObject({ ok: false, code: "42501" });
    }
  });

  it("give an admin the matching ids and capped counts", async () => {
    const admin = await createAdmin();
    const student = await createStudent();
    const ticket = await createTicket({
      userId: student.id,
      subject: "Question de biologie",
      description: `Ma question porte sur la ${RARE_WORD} des plantes vertes.`,
      assignedTo: admin.id,
      status: "in_progress",
    });
    const search = await asUser<{ ids: string[] }>(admin.id, SEARCH, [RARE_WORD]);
    expect(search.ok && search.rows[0]?.ids).toContain(ticket.id);
    const counts = await asUser<{ mine: number; in_progress: number }>(admin.id, COUNTS, [admin.id]);
    expect(counts.ok && counts.rows[0]?.mine).toBe(1);
    expect(counts.ok && (counts.rows[0]?.in_progress ?? 0) >= 1).toBe(true);
  });
});

const MESSAGE_SEARCH =
  "select public.admin_search_message_ticket_ids(to_tsquery('public.ticket_search_simple', $1 || ':*'), $2) as ids";

describe("admin_search_message_ticket_ids (migration 0040)", () => {
  const word = `ornithorynque${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

  it("refuses a student and a tutor with 42501", async () => {
    for (const user of [await createStudent(), await createTutor()]) {
      expect(await asUser(user.id, MESSAGE_SEARCH, [word, 1000])).toMatchObject({ ok: false, code: "42501" });
    }
  });

  it("gives an admin the tickets of matching messages, internal notes included, once each; NULL past the cap", async () => {
    const admin = await createAdmin();
    const student = await createStudent();
    const [replied, noted] = [await createTicket({ userId: student.id }), await createTicket({ userId: student.id })];
    await createMessage({ ticketId: replied.id, userId: admin.id, message: `Le code ${word} est réglé.` });
    await createMessage({ ticketId: replied.id, userId: student.id, message: `Merci, ${word} fonctionne.` });
    await createMessage({ ticketId: noted.id, userId: admin.id, isInternal: true, message: `Vérifier ${word}.` });
    await createMessage({ ticketId: noted.id, userId: admin.id, message: "Rien à voir." });

    const found = await asUser<{ ids: string[] }>(admin.id, MESSAGE_SEARCH, [word, 1000]);
    expect(found.ok && [...(found.rows[0]?.ids ?? [])].sort()).toEqual([replied.id, noted.id].sort());
    const capped = await asUser<{ ids: string[] | null }>(admin.id, MESSAGE_SEARCH, [word, 1]);
    expect(capped.ok && capped.rows[0]?.ids).toBeNull();
    const none = await asUser<{ ids: string[] }>(admin.id, MESSAGE_SEARCH, [`${word}zz`, 1000]);
    expect(none.ok && none.rows[0]?.ids).toEqual([]);
  });
});
