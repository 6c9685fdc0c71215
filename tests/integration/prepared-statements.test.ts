/**
 * Named prepared statements for the hot list queries (executePrepared, DB_PREPARED_STATEMENTS):
 * a connection plans a list query's text once and then runs PostgreSQL's generic plan, the
 * results are those of the unnamed query, common search words are never prepared, and with
 * DB_PREPARED_STATEMENTS=false nothing is.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { selectAdminTicketPage } from "@/features/tickets/repository/lists";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getAdminTicketDetails, getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import type { TSessionUser } from "@/server/auth/session";
import { closeDb } from "@/server/db/client";
import { withUser } from "@/server/db/with-user";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { createTicketCategory } from "../factories/categories";

type TStatement = { name: string; statement: string; generic_plans: number; custom_plans: number };

let admin: TUserRow;
let asAdmin: TSessionUser;
let asStudent: TSessionUser;
let slug: string;
let numbers: number[];

/** One pooled connection, so that every call below meets the statements the previous ones left. */
async function usePool(options: { prepared: boolean }) {
  await closeDb();
  vi.stubEnv("DB_POOL_MAX", "1");
  vi.stubEnv("DB_PREPARED_STATEMENTS", options.prepared ? "true" : "false");
  resetEnvCache();
}

/** The named statements of the pool's one connection (protocol-level ones: from_sql is false). */
async function statements(): Promise<TStatement[]> {
  return withUser(admin.id, async (tx) => {
    const result = await tx.execute<TStatement>(
      sql`select name, statement, generic_plans::int, custom_plans::int
            from pg_prepared_statements where not from_sql`,
    );
    return result.rows;
  });
}

beforeAll(async () => {
  let student: TUserRow;
  [admin, student] = await Promise.all([createAdmin(), createStudent()]);
  asAdmin = sessionUserOf(admin);
  asStudent = sessionUserOf(student);
  slug = (await createTicketCategory()).slug;
  numbers = [];
  for (let i = 0; i < 3; i++) {
    numbers.push(
      (await createTicket({ userId: student.id, category: slug, subject: `Séance de photosynthèse ${i}` })).number,
    );
  }
});

afterEach(async () => {
  vi.unstubAllEnvs();
  resetEnvCache();
  await closeDb();
});

describe("executePrepared", () => {
  it("plans the admin list once per connection, then runs the generic plan", async () => {
    await usePool({ prepared: true });
    const pages = [];
    for (let i = 0; i < 8; i++) {
      pages.push(await getAllSupportTickets(asAdmin, { status: "open", search: `#${numbers[0]}` }));
    }
    const list = (await statements()).filter((s) => s.statement.includes("with page as"));
    expect(list).toHaveLength(1);
    // PostgreSQL tries five custom plans, then keeps the generic one when it costs no more
    // (it did not while LIMIT was a parameter).
    expect(list[0]?.generic_plans).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.map((page) => JSON.stringify(page.items.map((item) => item.number)))).size).toBe(1);
    expect(pages[0]?.items.map((item) => item.number)).toEqual([numbers[0]]);
  });

  it("gives the same rows as the unnamed query, for the admin and the student lists", async () => {
    await usePool({ prepared: true });
    const prepared = [
      await getAllSupportTickets(asAdmin, { status: "open", sort: "priority_desc" }),
      await getStudentTickets(asStudent, {}),
    ];
    expect((await statements()).length).toBeGreaterThanOrEqual(2);
    await usePool({ prepared: false });
    const unnamed = [
      await getAllSupportTickets(asAdmin, { status: "open", sort: "priority_desc" }),
      await getStudentTickets(asStudent, {}),
    ];
    expect(prepared).toEqual(unnamed);
    expect(prepared[1]?.items).toHaveLength(3);
  });

  it("never prepares what depends on a value: common search words, a category, an assignee", async () => {
    await usePool({ prepared: true });
    // Common words reach the list as `@@` (no id list): what the service does when
    // admin_search_ticket_ids() answers "too many", which a small database never does.
    const page = await withUser(admin.id, (tx) =>
      selectAdminTicketPage(tx, admin.id, {
        filters: {
          category: slug,
          timeZone: "America/Toronto",
          searchWords: ["photosynthese"],
          searchMatches: null,
          searchNumber: null,
        },
        sort: { key: "created", direction: "desc" },
        after: null,
        limit: 20,
      }),
    );
    expect(page.items).toHaveLength(3);
    expect((await getAllSupportTickets(asAdmin, { category: slug })).items).toHaveLength(3);
    await getAllSupportTickets(asAdmin, { assignee: "unassigned", status: "open" });
    await getAllSupportTickets(asAdmin, { assignee: admin.id });
    // A list without those is prepared: the check below can see the statements.
    await getAllSupportTickets(asAdmin, { status: "open" });
    const texts = (await statements()).map((statement) => statement.statement);
    expect(texts.some((text) => text.includes("with page as"))).toBe(true);
    for (const text of texts) {
      expect(text).not.toContain("@@");
      expect(text).not.toContain("t.category =");
      expect(text).not.toContain("t.assigned_to is null");
      expect(text).not.toContain("t.assigned_to = ");
    }
  });

  it("prepares the details page's lookups by name, and gives the same details unnamed", async () => {
    await usePool({ prepared: true });
    const ticketId = (await getStudentTickets(asStudent, {})).items[0]?.id ?? "";
    const prepared = [
      await getStudentTicketDetails(asStudent, ticketId),
      await getAdminTicketDetails(asAdmin, ticketId),
    ];
    const names = (await statements()).map((statement) => statement.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "ticket_details_row",
        "ticket_public_messages",
        "ticket_public_attachments",
        "ticket_all_messages",
        "ticket_all_attachments",
      ]),
    );
    await usePool({ prepared: false });
    expect([
      await getStudentTicketDetails(asStudent, ticketId),
      await getAdminTicketDetails(asAdmin, ticketId),
    ]).toEqual(prepared);
  });

  it("prepares nothing with DB_PREPARED_STATEMENTS=false", async () => {
    await usePool({ prepared: false });
    await getAllSupportTickets(asAdmin, { status: "open" });
    const ticketId = (await getStudentTickets(asStudent, {})).items[0]?.id ?? "";
    await getStudentTicketDetails(asStudent, ticketId);
    await getAdminTicketDetails(asAdmin, ticketId);
    expect(await statements()).toEqual([]);
  });
});
