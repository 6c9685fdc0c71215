/**
 * The two SECURITY DEFINER helpers that bypass RLS for speed (migrations 0011, 0012) must
 * refuse everyone but admins, and give admins only ids and counts.
 */
import { describe, expect, it } from "vitest";
import { createAdmin, createStudent, createTicket, createTutor } from "../factories";
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
