/**
 * Admin ticket list (plan 3.2 / 5.1): sort orders, keyset pages of 20 that stay exact
 * while tickets are being created, cursors that cannot be reused or forged, and what each
 * row carries (student, assignee, message count, unread flag for the viewing admin).
 *
 * Every group lists one category created for it (the database is shared with other files).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getAllSupportTicketsAction } from "@/features/tickets/actions/admin-actions";
import type { TAdminTicketListItem } from "@/features/tickets/dto";
import { priorityRank, statusRank } from "@/features/tickets/repository/lists";
import { PAGE_SIZE, type TAdminSort, type TAdminTicketsQuery } from "@/features/tickets/schemas";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getAdminTicketDetails } from "@/features/tickets/service/get-ticket-details";
import type { TActionError } from "@/lib/errors";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import {
  createAdmin,
  createMessage,
  createStudent,
  createTicket,
  createTicketRead,
  sessionUserOf,
  type TTicketRow,
  type TUserRow,
} from "../factories";
import { createTicketCategory } from "../factories/categories";
import { actionErrorOf, expectRefusedInput, signInAs, signOut } from "../support/actions";
import { setCreatedAt, setUpdatedAt, touchTickets } from "../support/admin-tickets";
import { asServiceRole, rowsOf } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let admin: TUserRow;
let student: TUserRow;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [admin, student] = await Promise.all([createAdmin(), createStudent()]);
  asAdmin = sessionUserOf(admin);
});

/** What the admin list's action answers for `query` (a cursor is checked at the edge the list pages through). */
async function refusalOf(query: TAdminTicketsQuery): Promise<TActionError | undefined> {
  await signInAs(admin);
  try {
    return actionErrorOf(await getAllSupportTicketsAction(query));
  } finally {
    signOut();
  }
}

type TPageWalk = { ids: string[]; pageSizes: number[] };

/** Follows nextCursor from the first page to the last. */
async function walk(query: TAdminTicketsQuery, between?: (pageIndex: number) => Promise<void>): Promise<TPageWalk> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let pageIndex = 0; pageIndex < 50; pageIndex++) {
    const page = await getAllSupportTickets(asAdmin, { ...query, cursor });
    ids.push(...page.items.map((item) => item.id));
    pageSizes.push(page.items.length);
    if (!page.nextCursor) return { ids, pageSizes };
    cursor = page.nextCursor;
    await between?.(pageIndex);
  }
  throw new Error("more than 50 pages");
}

type TStoredKey = {
  id: string;
  priority: TTicketPriority;
  status: TTicketStatus;
  created_at: string;
  updated_at: string;
};

/** The stored sort columns, timestamps as microsecond epoch numbers (exact, unlike Date). */
async function storedKeys(category: string): Promise<TStoredKey[]> {
  return rowsOf(
    await asServiceRole<TStoredKey>(
      `select id, priority::text, status::text,
              (extract(epoch from created_at) * 1000000)::bigint::text as created_at,
              (extract(epoch from updated_at) * 1000000)::bigint::text as updated_at
         from public.support_tickets where category = $1`,
      [category],
    ),
  );
}

const PRIORITY_RANK: Record<TTicketPriority, number> = { low: 0, medium: 1, high: 2, urgent: 3 };
const STATUS_RANK: Record<TTicketStatus, number> = { open: 0, in_progress: 1, resolved: 2, closed: 3 };

const compareNumbers = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The documented order, computed independently of the SQL: main key, then created_at, then id. */
function expectedOrder(rows: TStoredKey[], sort: TAdminSort): string[] {
  const [key, direction] = sort.split("_") as [string, "asc" | "desc"];
  const sign = direction === "desc" ? -1 : 1;
  const compare = (a: TStoredKey, b: TStoredKey): number => {
    const main =
      key === "priority"
        ? PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]
        : key === "status"
          ? STATUS_RANK[a.status] - STATUS_RANK[b.status]
          : key === "updated"
            ? compareNumbers(a.updated_at, b.updated_at)
            : 0;
    const byTime = key === "updated" ? 0 : compareNumbers(a.created_at, b.created_at);
    return sign * (main || byTime || compareText(a.id, b.id));
  };
  return [...rows].sort(compare).map((row) => row.id);
}

describe("getAllSupportTickets: sort orders", () => {
  let slug: string;
  let rows: TStoredKey[];

  beforeAll(async () => {
    slug = (await createTicketCategory()).slug;
    const specs: [TTicketPriority, TTicketStatus][] = [
      ["low", "open"],
      ["urgent", "closed"],
      ["medium", "in_progress"],
      ["high", "resolved"],
      ["medium", "open"],
      ["urgent", "open"],
      ["low", "in_progress"],
      ["high", "open"],
      ["medium", "resolved"],
    ];
    const tickets: TTicketRow[] = [];
    for (const [priority, status] of specs) {
      tickets.push(await createTicket({ userId: student.id, category: slug, priority, status }));
    }
    // created_at: distinct days, except that the two "medium" tickets #2 and #4 share one
    // instant, as do the "urgent" #1 and #5, so ties must fall to the id.
    const createdDay = [3, 7, 5, 1, 5, 7, 8, 2, 4];
    for (const [index, ticket] of tickets.entries()) {
      await setCreatedAt([ticket.id], `2023-05-0${createdDay[index]} 12:00:00.123456+00`);
    }
    // updated_at: touched one after another in a shuffled order, then two of them given one
    // instant after all the others (a tie).
    const touchOrder = [4, 0, 8, 2, 6, 1, 3];
    for (const index of touchOrder) await touchTickets([tickets[index]?.id ?? ""]);
    await setUpdatedAt([tickets[5]?.id ?? "", tickets[7]?.id ?? ""], "2099-01-01 00:00:00.654321+00");
    rows = await storedKeys(slug);
    expect(rows).toHaveLength(specs.length);
  });

  const listed = async (sort: TAdminSort) => (await walk({ category: slug, sort })).ids;
  const prioritiesOf = async (sort: TAdminSort) => {
    const page = await getAllSupportTickets(asAdmin, { category: slug, sort });
    return page.items.map((item) => item.priority);
  };

  it("stores priority_rank and status_rank as priorityRank()/statusRank() compute them (migration 0013)", async () => {
    const stored = rowsOf(
      await asServiceRole<{
        priority: TTicketPriority;
        status: TTicketStatus;
        priority_rank: number;
        status_rank: number;
      }>(
        "select priority::text, status::text, priority_rank, status_rank from public.support_tickets where category = $1",
        [slug],
      ),
    );
    // The specs above use every priority and every status.
    expect(new Set(stored.map((row) => row.priority)).size).toBe(4);
    expect(new Set(stored.map((row) => row.status)).size).toBe(4);
    for (const row of stored) {
      expect([row.priority, row.priority_rank]).toEqual([row.priority, priorityRank(row.priority)]);
      expect([row.status, row.status_rank]).toEqual([row.status, statusRank(row.status)]);
      expect(row.priority_rank - 1).toBe(PRIORITY_RANK[row.priority]);
      expect(row.status_rank - 1).toBe(STATUS_RANK[row.status]);
    }
  });

  it("priority_desc puts urgent > high > medium > low (not alphabetical)", async () => {
    expect(await prioritiesOf("priority_desc")).toEqual([
      "urgent",
      "urgent",
      "high",
      "high",
      "medium",
      "medium",
      "medium",
      "low",
      "low",
    ]);
  });

  it("priority_asc is the reverse: low first, urgent last", async () => {
    expect(await prioritiesOf("priority_asc")).toEqual([
      "low",
      "low",
      "medium",
      "medium",
      "medium",
      "high",
      "high",
      "urgent",
      "urgent",
    ]);
  });

  it.each([
    "created_desc",
    "created_asc",
    "updated_desc",
    "updated_asc",
    "priority_desc",
    "priority_asc",
    "status_asc",
    "status_desc",
  ] as const)("%s: the main key, ties broken by created_at then id, in the sort's direction", async (sort) => {
    expect(await listed(sort)).toEqual(expectedOrder(rows, sort));
  });

  it("the fixture really has ties on created_at and on updated_at", () => {
    expect(new Set(rows.map((r) => r.created_at)).size).toBeLessThan(rows.length);
    expect(new Set(rows.map((r) => r.updated_at)).size).toBeLessThan(rows.length);
  });

  it("created_desc is the default", async () => {
    expect((await walk({ category: slug })).ids).toEqual(expectedOrder(rows, "created_desc"));
  });

  it("status sorts follow the flow open < in_progress < resolved < closed", async () => {
    const page = await getAllSupportTickets(asAdmin, { category: slug, sort: "status_asc" });
    expect([...new Set(page.items.map((item) => item.status))]).toEqual(["open", "in_progress", "resolved", "closed"]);
  });
});

describe("getAllSupportTickets: keyset pagination", () => {
  const TOTAL = 50;
  let slug: string;
  let parking: string; // where the tickets a test adds go afterwards, out of the 50
  let originals: TStoredKey[];

  const park = async (ticketIds: string[]) =>
    rowsOf(
      await asServiceRole(
        "update public.support_tickets set category = $2 where id = any($1::uuid[])",
        [ticketIds, parking],
        {
          commit: true,
        },
      ),
    );

  beforeAll(async () => {
    slug = (await createTicketCategory()).slug;
    parking = (await createTicketCategory()).slug;
    const tickets: TTicketRow[] = [];
    for (let i = 0; i < TOTAL; i++) tickets.push(await createTicket({ userId: student.id, category: slug }));
    // All within one millisecond, one microsecond apart (a cursor rounded to milliseconds
    // would skip or repeat rows), in the past (new tickets are newer), and #28–#31 at the very
    // same instant so that the boundary between pages 1 and 2 falls inside a tie.
    for (const [i, ticket] of tickets.entries()) {
      const micro = i >= 28 && i <= 31 ? 28 : i;
      await setCreatedAt([ticket.id], `2020-01-01 00:00:00.${String(100 + micro).padStart(6, "0")}+00`);
    }
    originals = await storedKeys(slug);
  });

  it("walks 50 tickets in pages of 20, 20 and 10, each ticket exactly once, in order", async () => {
    expect(PAGE_SIZE).toBe(20);
    for (const sort of ["created_desc", "created_asc", "priority_desc", "updated_asc"] as const) {
      const { ids, pageSizes } = await walk({ category: slug, sort });
      expect(pageSizes).toEqual([20, 20, 10]);
      expect(ids).toEqual(expectedOrder(originals, sort));
    }
  });

  it("a page boundary inside a created_at tie neither repeats nor skips a ticket", async () => {
    const order = expectedOrder(originals, "created_desc");
    const tied = originals.filter((row) => row.created_at === originals.find((r) => r.id === order[19])?.created_at);
    expect(tied.length).toBeGreaterThan(1);
    const first = await getAllSupportTickets(asAdmin, { category: slug });
    const second = await getAllSupportTickets(asAdmin, { category: slug, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(order.slice(0, 40));
  });

  it("created_desc with tickets created between page fetches: no duplicate, no gap, new ones only before page 1", async () => {
    const added: string[] = [];
    const { ids } = await walk({ category: slug, sort: "created_desc" }, async () => {
      for (let i = 0; i < 2; i++) added.push((await createTicket({ userId: student.id, category: slug })).id);
    });
    expect(added).toHaveLength(4);
    expect(ids).toEqual(expectedOrder(originals, "created_desc"));
    // A new walk shows them, first.
    const again = await walk({ category: slug, sort: "created_desc" });
    expect(again.ids.slice(0, 4).sort()).toEqual([...added].sort());
    expect(again.ids.slice(4)).toEqual(expectedOrder(originals, "created_desc"));
    await park(added);
  });

  it("created_asc with tickets created between page fetches: originals once each, the new ones at the end", async () => {
    const added: string[] = [];
    const { ids, pageSizes } = await walk({ category: slug, sort: "created_asc" }, async (pageIndex) => {
      if (pageIndex === 0) {
        for (let i = 0; i < 3; i++) added.push((await createTicket({ userId: student.id, category: slug })).id);
      }
    });
    expect(pageSizes).toEqual([20, 20, 13]);
    expect(ids.slice(0, TOTAL)).toEqual(expectedOrder(originals, "created_asc"));
    expect(ids.slice(TOTAL)).toEqual(added);
    expect(new Set(ids).size).toBe(ids.length);
    await park(added);
  });

  it("refuses a cursor made for another sort with VALIDATION cursorInvalid", async () => {
    const first = await getAllSupportTickets(asAdmin, { category: slug, sort: "created_desc" });
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const sort of ["created_asc", "updated_desc", "priority_desc", "status_asc"] as const) {
      expectRefusedInput(await refusalOf({ category: slug, sort, cursor: first.nextCursor ?? "" }), {
        cursor: "cursorInvalid",
      });
    }
  });

  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

  const tampered: [string, TAdminSort, () => string][] = [
    ["not base64 JSON", "created_desc", () => "%%%not-a-cursor%%%"],
    ["JSON of the wrong shape", "created_desc", () => encode({ sort: "created_desc", key: [] })],
    [
      "a key that is not a timestamp",
      "created_desc",
      () => encode({ s: "created_desc", k: ["hier soir", randomUUID()] }),
    ],
    [
      "a key whose id is not a uuid",
      "created_desc",
      () => encode({ s: "created_desc", k: ["2020-01-01 00:00:00+00", "1 or 1=1"] }),
    ],
    [
      "a priority key that is not a rank",
      "priority_desc",
      () => encode({ s: "priority_desc", k: ["critical", "2024-01-01T00:00:00.000000Z", randomUUID()] }),
    ],
    [
      "a priority rank out of range",
      "priority_desc",
      () => encode({ s: "priority_desc", k: ["5", "2024-01-01T00:00:00.000000Z", randomUUID()] }),
    ],
    [
      "a status key given as the enum label (cursor from before migration 0013)",
      "status_asc",
      () => encode({ s: "status_asc", k: ["open", "2024-01-01T00:00:00.000000Z", randomUUID()] }),
    ],
    [
      "a key too short for its sort",
      "priority_desc",
      () => encode({ s: "priority_desc", k: ["4", "2024-01-01T00:00:00.000000Z"] }),
    ],
    [
      "a key too long for its sort",
      "created_desc",
      () => encode({ s: "created_desc", k: [new Date().toISOString(), randomUUID(), "x"] }),
    ],
  ];

  it.each(tampered)("refuses a tampered cursor (%s) with VALIDATION cursorInvalid", async (_label, sort, cursor) => {
    expectRefusedInput(await refusalOf({ category: slug, sort, cursor: cursor() }), { cursor: "cursorInvalid" });
  });
});

describe("getAllSupportTickets: what each row carries", () => {
  let slug: string;
  let otherAdmin: TUserRow;
  let assigned: TTicketRow;
  let neverRead: TTicketRow;
  let readNothingSince: TTicketRow;
  let studentWroteSince: TTicketRow;
  let staffWroteSince: TTicketRow;
  let studentWroteBefore: TTicketRow;

  const rowOf = async (ticket: TTicketRow, user: TSessionUser = asAdmin): Promise<TAdminTicketListItem> => {
    const page = await getAllSupportTickets(user, { category: slug, search: `#${ticket.number}` });
    expect(page.items).toHaveLength(1);
    return page.items[0] as TAdminTicketListItem;
  };

  beforeAll(async () => {
    otherAdmin = await createAdmin({ firstName: "Josée", lastName: "Lévesque" });
    slug = (await createTicketCategory()).slug;
    assigned = await createTicket({ userId: student.id, category: slug, assignedTo: otherAdmin.id });
    await createMessage({ ticketId: assigned.id, userId: student.id });
    await createMessage({ ticketId: assigned.id, userId: otherAdmin.id });
    await createMessage({ ticketId: assigned.id, userId: otherAdmin.id, isInternal: true });

    const oneMore = () => createTicket({ userId: student.id, category: slug });
    [neverRead, readNothingSince, studentWroteSince, staffWroteSince, studentWroteBefore] = await Promise.all([
      oneMore(),
      oneMore(),
      oneMore(),
      oneMore(),
      oneMore(),
    ]);
    // Created long ago; the admin read them in 2021 (or, for the last one, after everything).
    await setCreatedAt(
      [neverRead.id, readNothingSince.id, studentWroteSince.id, staffWroteSince.id, studentWroteBefore.id],
      "2020-06-01 10:00:00+00",
    );
    const in2021 = new Date("2021-01-01T00:00:00Z");
    for (const ticket of [readNothingSince, studentWroteSince, staffWroteSince]) {
      await createTicketRead({ ticketId: ticket.id, userId: admin.id, lastReadAt: in2021 });
    }
    await createMessage({ ticketId: studentWroteSince.id, userId: student.id });
    await createMessage({ ticketId: staffWroteSince.id, userId: otherAdmin.id });
    await createMessage({ ticketId: staffWroteSince.id, userId: otherAdmin.id, isInternal: true });
    await createMessage({ ticketId: studentWroteBefore.id, userId: student.id });
    await createTicketRead({
      ticketId: studentWroteBefore.id,
      userId: admin.id,
      lastReadAt: new Date(Date.now() + 60 * 60 * 1000),
    });
  });

  it("the student's name and email, the assignee's name", async () => {
    const row = await rowOf(assigned);
    expect(row).toMatchObject({
      id: assigned.id,
      number: assigned.number,
      subject: assigned.subject,
      category: slug,
      status: "open",
      priority: "medium",
      student: { id: student.id, name: student.name, email: student.email },
      assignee: { id: otherAdmin.id, name: "Josée Lévesque" },
    });
    expect((await rowOf(neverRead)).assignee).toBeNull();
  });

  it("messageCount counts internal notes too (admins see them), and lastMessageAt is the newest", async () => {
    const row = await rowOf(assigned);
    expect(row.messageCount).toBe(3);
    const [newest] = rowsOf(
      await asServiceRole<{ at: Date }>(
        "select max(created_at) as at from public.ticket_messages where ticket_id = $1",
        [assigned.id],
      ),
    );
    expect(row.lastMessageAt?.getTime()).toBe(newest?.at.getTime());
    expect((await rowOf(neverRead)).messageCount).toBe(0);
    expect((await rowOf(neverRead)).lastMessageAt).toBeNull();
  });

  it("unread for the admin: a new ticket they never opened", async () => {
    expect((await rowOf(neverRead)).unread).toBe(true);
  });

  it("read: nothing happened since they last read it", async () => {
    expect((await rowOf(readNothingSince)).unread).toBe(false);
  });

  it("unread: the student wrote after the admin's last read", async () => {
    expect((await rowOf(studentWroteSince)).unread).toBe(true);
  });

  it("read: only staff (a reply, an internal note) wrote after the admin's last read", async () => {
    expect((await rowOf(staffWroteSince)).unread).toBe(false);
  });

  it("read: the student wrote before the admin's last read", async () => {
    expect((await rowOf(studentWroteBefore)).unread).toBe(false);
  });

  it("a new request: no public message yet on a waiting ticket (issue 17)", async () => {
    // Only the creation: the student's text is the ticket's description, not a message.
    expect((await rowOf(neverRead)).isNewRequest).toBe(true);
    expect((await rowOf(readNothingSince)).isNewRequest).toBe(true);
    // The student wrote again, or an admin answered: no longer new.
    expect((await rowOf(studentWroteSince)).isNewRequest).toBe(false);
    expect((await rowOf(staffWroteSince)).isNewRequest).toBe(false);
    expect((await rowOf(assigned)).isNewRequest).toBe(false);
    // An internal note is no answer; a request resolved or closed without one is not waiting.
    const noted = await createTicket({ userId: student.id, category: slug });
    await createMessage({ ticketId: noted.id, userId: otherAdmin.id, isInternal: true });
    expect((await rowOf(noted)).isNewRequest).toBe(true);
    for (const status of ["resolved", "closed"] as const) {
      expect((await rowOf(await createTicket({ userId: student.id, category: slug, status }))).isNewRequest).toBe(
        false,
      );
    }
  });

  it("reading the details clears the flag for that admin only", async () => {
    expect((await rowOf(studentWroteSince)).unread).toBe(true);
    expect((await rowOf(studentWroteSince, sessionUserOf(otherAdmin))).unread).toBe(true);
    await getAdminTicketDetails(asAdmin, studentWroteSince.id);
    expect((await rowOf(studentWroteSince)).unread).toBe(false);
    expect((await rowOf(studentWroteSince, sessionUserOf(otherAdmin))).unread).toBe(true);
    // The student writes again: unread again.
    await createMessage({ ticketId: studentWroteSince.id, userId: student.id });
    expect((await rowOf(studentWroteSince)).unread).toBe(true);
  });
});
