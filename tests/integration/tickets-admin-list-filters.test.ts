/**
 * Admin ticket list (plan 3.2 getAllSupportTickets): filters and search.
 *
 * The database is shared by every test file of a run, so each group builds its tickets
 * in a category created for it and filters on that category: tickets left by other files
 * never enter an assertion. Results are compared as sets of ids, exactly.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getAllSupportTicketsAction } from "@/features/tickets/actions/admin-actions";
import type { TAdminTicketsQuery } from "@/features/tickets/schemas";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import type { TActionError } from "@/lib/errors";
import type { TSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";
import {
  createAdmin,
  createStudent,
  createTicket,
  createTutor,
  sessionUserOf,
  type TTicketRow,
  type TUserRow,
} from "../factories";
import { createTicketCategory } from "../factories/categories";
import { actionErrorOf, expectRefusedInput, signInAs, signOut } from "../support/actions";
import { expectAppError, setCreatedAt } from "../support/admin-tickets";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let admin: TUserRow;
let otherAdmin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [admin, otherAdmin, student, tutor] = await Promise.all([
    createAdmin(),
    createAdmin(),
    createStudent(),
    createTutor(),
  ]);
  asAdmin = sessionUserOf(admin);
});

/** Every id the admin gets for `query`, across all pages. */
/** What the admin list's action answers for `query` (input is parsed at the edge, once). */
async function refusalOf(query: TAdminTicketsQuery): Promise<TActionError | undefined> {
  await signInAs(admin);
  try {
    return actionErrorOf(await getAllSupportTicketsAction(query));
  } finally {
    signOut();
  }
}

async function idsFor(query: TAdminTicketsQuery, user: TSessionUser = asAdmin): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await getAllSupportTickets(user, { ...query, cursor });
    ids.push(...result.items.map((item) => item.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("more than 20 pages");
}

const sortedIds = (...tickets: TTicketRow[]) => tickets.map((t) => t.id).sort();
const sorted = (ids: string[]) => [...ids].sort();

describe("getAllSupportTickets: who may list", () => {
  it.each([
    ["a student", () => student],
    ["a tutor", () => tutor],
  ])("refuses %s with FORBIDDEN", async (_label, who) => {
    await expectAppError(getAllSupportTickets(sessionUserOf(who())), "FORBIDDEN");
  });

  it("lets any admin list every student's tickets", async () => {
    const category = await createTicketCategory();
    const [first, second] = await Promise.all([createStudent(), createStudent()]);
    const a = await createTicket({ userId: first.id, category: category.slug });
    const b = await createTicket({ userId: second.id, category: category.slug });
    expect(sorted(await idsFor({ category: category.slug }))).toEqual(sortedIds(a, b));
    expect(sorted(await idsFor({ category: category.slug }, sessionUserOf(otherAdmin)))).toEqual(sortedIds(a, b));
  });
});

describe("getAllSupportTickets: status, priority, category and assignee filters", () => {
  let slug: string;
  let otherSlug: string;
  let openLow: TTicketRow;
  let inProgressHigh: TTicketRow;
  let resolvedUrgent: TTicketRow;
  let closedMedium: TTicketRow;
  let openUrgent: TTicketRow;
  let elsewhere: TTicketRow;

  beforeAll(async () => {
    const [category, otherCategory] = await Promise.all([createTicketCategory(), createTicketCategory()]);
    slug = category.slug;
    otherSlug = otherCategory.slug;
    [openLow, inProgressHigh, resolvedUrgent, closedMedium, openUrgent, elsewhere] = await Promise.all([
      createTicket({ userId: student.id, category: slug, status: "open", priority: "low" }),
      createTicket({
        userId: student.id,
        category: slug,
        status: "in_progress",
        priority: "high",
        assignedTo: admin.id,
      }),
      createTicket({
        userId: student.id,
        category: slug,
        status: "resolved",
        priority: "urgent",
        assignedTo: otherAdmin.id,
      }),
      createTicket({ userId: student.id, category: slug, status: "closed", priority: "medium" }),
      createTicket({ userId: student.id, category: slug, status: "open", priority: "urgent", assignedTo: admin.id }),
      createTicket({ userId: student.id, category: otherSlug, status: "open", priority: "low" }),
    ]);
  });

  it("category: only that category's tickets", async () => {
    expect(sorted(await idsFor({ category: slug }))).toEqual(
      sortedIds(openLow, inProgressHigh, resolvedUrgent, closedMedium, openUrgent),
    );
    expect(await idsFor({ category: otherSlug })).toEqual([elsewhere.id]);
  });

  it("status: each status gives exactly its tickets", async () => {
    expect(sorted(await idsFor({ category: slug, status: "open" }))).toEqual(sortedIds(openLow, openUrgent));
    expect(await idsFor({ category: slug, status: "in_progress" })).toEqual([inProgressHigh.id]);
    expect(await idsFor({ category: slug, status: "resolved" })).toEqual([resolvedUrgent.id]);
    expect(await idsFor({ category: slug, status: "closed" })).toEqual([closedMedium.id]);
  });

  it("priority: each priority gives exactly its tickets", async () => {
    expect(await idsFor({ category: slug, priority: "low" })).toEqual([openLow.id]);
    expect(await idsFor({ category: slug, priority: "medium" })).toEqual([closedMedium.id]);
    expect(await idsFor({ category: slug, priority: "high" })).toEqual([inProgressHigh.id]);
    expect(sorted(await idsFor({ category: slug, priority: "urgent" }))).toEqual(sortedIds(resolvedUrgent, openUrgent));
  });

  it("assignee: an admin's id gives their tickets, 'unassigned' the ones nobody has", async () => {
    expect(sorted(await idsFor({ category: slug, assignee: admin.id }))).toEqual(sortedIds(inProgressHigh, openUrgent));
    expect(await idsFor({ category: slug, assignee: otherAdmin.id })).toEqual([resolvedUrgent.id]);
    expect(sorted(await idsFor({ category: slug, assignee: "unassigned" }))).toEqual(sortedIds(openLow, closedMedium));
  });

  it("combines filters with AND", async () => {
    expect(await idsFor({ category: slug, status: "open", assignee: admin.id })).toEqual([openUrgent.id]);
    expect(await idsFor({ category: slug, status: "open", priority: "low", assignee: "unassigned" })).toEqual([
      openLow.id,
    ]);
    expect(await idsFor({ category: slug, status: "closed", priority: "urgent" })).toEqual([]);
  });

  it("an unknown category gives an empty list, not an error", async () => {
    expect(await idsFor({ category: "no-such-category-anywhere" })).toEqual([]);
  });

  it.each([
    ["status", { status: "pending" }],
    ["priority", { priority: "critical" }],
    ["assignee", { assignee: "nobody" }],
    ["sort", { sort: "subject_asc" }],
  ])("refuses an unknown %s value with VALIDATION", async (field, query) => {
    const error = await refusalOf(query as TAdminTicketsQuery);
    expect(error).toMatchObject({ code: "VALIDATION" });
    expect(error).toHaveProperty(["fieldErrors", field]);
  });
});

describe("getAllSupportTickets: created-at day range, in the platform's time zone", () => {
  let slug: string;
  // March 2024 is on daylight time in Toronto (UTC-4), January on standard time (UTC-5).
  let lateOnMarch15: TTicketRow; // 2024-03-15 23:30 Toronto = 2024-03-16 03:30 UTC
  let midnightMarch16: TTicketRow; // 2024-03-16 00:00 Toronto = 04:00 UTC
  let midnightMarch15: TTicketRow; // 2024-03-15 00:00 Toronto
  let lastMicroOfMarch14: TTicketRow; // 2024-03-14 23:59:59.999999 Toronto
  let lateOnJanuary15: TTicketRow; // 2024-01-15 23:30 Toronto = 2024-01-16 04:30 UTC

  beforeAll(async () => {
    expect(env().APP_TIME_ZONE).toBe("America/Toronto");
    slug = (await createTicketCategory()).slug;
    const oneMore = () => createTicket({ userId: student.id, category: slug });
    [lateOnMarch15, midnightMarch16, midnightMarch15, lastMicroOfMarch14, lateOnJanuary15] = await Promise.all([
      oneMore(),
      oneMore(),
      oneMore(),
      oneMore(),
      oneMore(),
    ]);
    await setCreatedAt([lateOnMarch15.id], "2024-03-15 23:30:00 America/Toronto");
    await setCreatedAt([midnightMarch16.id], "2024-03-16 00:00:00 America/Toronto");
    await setCreatedAt([midnightMarch15.id], "2024-03-15 00:00:00 America/Toronto");
    await setCreatedAt([lastMicroOfMarch14.id], "2024-03-14 23:59:59.999999 America/Toronto");
    await setCreatedAt([lateOnJanuary15.id], "2024-01-15 23:30:00 America/Toronto");
  });

  it("a ticket created at 23:30 Toronto time on day D is inside [D, D]", async () => {
    expect(sorted(await idsFor({ category: slug, createdFrom: "2024-03-15", createdTo: "2024-03-15" }))).toEqual(
      sortedIds(lateOnMarch15, midnightMarch15),
    );
    expect(await idsFor({ category: slug, createdFrom: "2024-01-15", createdTo: "2024-01-15" })).toEqual([
      lateOnJanuary15.id,
    ]);
  });

  it("... and outside [D+1, ...]", async () => {
    expect(await idsFor({ category: slug, createdFrom: "2024-03-16" })).toEqual([midnightMarch16.id]);
    expect(await idsFor({ category: slug, createdFrom: "2024-03-16", createdTo: "2024-03-31" })).toEqual([
      midnightMarch16.id,
    ]);
    expect(await idsFor({ category: slug, createdFrom: "2024-01-16", createdTo: "2024-01-16" })).toEqual([]);
  });

  it("both ends are inclusive whole days", async () => {
    expect(sorted(await idsFor({ category: slug, createdTo: "2024-03-14" }))).toEqual(
      sortedIds(lastMicroOfMarch14, lateOnJanuary15),
    );
    expect(sorted(await idsFor({ category: slug, createdFrom: "2024-03-14", createdTo: "2024-03-16" }))).toEqual(
      sortedIds(lastMicroOfMarch14, midnightMarch15, lateOnMarch15, midnightMarch16),
    );
  });

  it.each(["2024-02-30", "2024-13-01", "15/03/2024", "2024-3-5", "2024-03-15T00:00", "hier", ""])(
    "refuses the invalid day %j with VALIDATION invalidDate",
    async (day) => {
      expectRefusedInput(await refusalOf({ category: slug, createdFrom: day }), { createdFrom: "invalidDate" });
      expectRefusedInput(await refusalOf({ category: slug, createdTo: day }), { createdTo: "invalidDate" });
    },
  );

  it("refuses an inverted range with VALIDATION dateRangeInverted", async () => {
    expectRefusedInput(await refusalOf({ category: slug, createdFrom: "2024-03-16", createdTo: "2024-03-15" }), {
      createdTo: "dateRangeInverted",
    });
  });
});

describe("getAllSupportTickets: search over subject, description and number", () => {
  let slug: string;
  let bookingSubject: TTicketRow; // "Réservations" in the subject
  let bookingDescription: TTicketRow; // "reservation" (no accent) in the description only
  let tutorChange: TTicketRow;
  let refund: TTicketRow;

  const search = async (text: string) => sorted(await idsFor({ category: slug, search: text }));

  beforeAll(async () => {
    slug = (await createTicketCategory()).slug;
    [bookingSubject, bookingDescription, tutorChange, refund] = await Promise.all([
      createTicket({
        userId: student.id,
        category: slug,
        subject: "Réservations impossibles",
        description: "Le calendrier affiche une erreur depuis lundi matin.",
      }),
      createTicket({
        userId: student.id,
        category: slug,
        subject: "Question sur ma facture",
        description: "Ma reservation du jeudi n'apparaît pas sur la facture de mars.",
      }),
      createTicket({
        userId: student.id,
        category: slug,
        subject: "Changer de tuteur en chimie",
        description: "Mon tuteur actuel n'est plus disponible le mardi soir.",
      }),
      createTicket({
        userId: student.id,
        category: slug,
        subject: "Remboursement d'un forfait",
        description: "J'aimerais être remboursé pour les séances non utilisées, merci.",
      }),
    ]);
  });

  it("is accent- and case-insensitive for French, both ways", async () => {
    const bookings = sortedIds(bookingSubject, bookingDescription);
    expect(await search("reservation")).toEqual(bookings);
    expect(await search("RESERVATION")).toEqual(bookings);
    expect(await search("réservations")).toEqual(bookings);
    expect(await search("RÉSERVATIONS")).toEqual(bookings);
    expect(await search("Re\u0301servation")).toEqual(bookings); // "é" typed as e + combining accent
    expect(await search("rembourse")).toEqual([refund.id]);
    expect(await search("apparait")).toEqual([bookingDescription.id]);
  });

  it("finds words of the subject and of the description", async () => {
    expect(await search("impossibles")).toEqual([bookingSubject.id]);
    expect(await search("calendrier")).toEqual([bookingSubject.id]);
    expect(await search("chimie")).toEqual([tutorChange.id]);
    expect(await search("disponible")).toEqual([tutorChange.id]);
  });

  it("matches word prefixes", async () => {
    expect(await search("reserv")).toEqual(sortedIds(bookingSubject, bookingDescription));
    expect(await search("rembour")).toEqual([refund.id]);
    expect(await search("calend")).toEqual([bookingSubject.id]);
  });

  it("keeps matching while a word is typed letter by letter, past its French stem", async () => {
    // "reservation" stems to "reserv": prefixes longer than the stem match the unstemmed words.
    for (const typed of ["reser", "reserv", "reserva", "reservat", "réservati", "RESERVATIO", "reservation"]) {
      expect(await search(typed), typed).toEqual(sortedIds(bookingSubject, bookingDescription));
    }
    for (const typed of ["rembourse", "remboursem", "remboursemen"]) {
      expect(await search(typed), typed).toEqual([refund.id]);
    }
  });

  it("requires every word (AND)", async () => {
    expect(await search("reservation facture")).toEqual([bookingDescription.id]);
    expect(await search("réservation calendrier")).toEqual([bookingSubject.id]);
    expect(await search("tuteur chimie")).toEqual([tutorChange.id]);
    expect(await search("reservation chimie")).toEqual([]);
  });

  it("finds a ticket by its number, with or without '#'", async () => {
    expect(await search(`#${tutorChange.number}`)).toEqual([tutorChange.id]);
    expect(await search(`${tutorChange.number}`)).toEqual([tutorChange.id]);
    expect(await search(`# ${refund.number}`)).toEqual([refund.id]);
    expect(await search("#999999999")).toEqual([]);
  });

  it("gives an empty list when nothing matches", async () => {
    expect(await search("xylophone")).toEqual([]);
    expect(await search("reservation xylophone")).toEqual([]);
  });

  it.each([
    "'",
    "&",
    "|",
    "!",
    ":*",
    "(",
    ")",
    "\\",
    "<->",
    "''; drop table support_tickets; --",
    "!!&&||(()):*:*",
    "%_%",
  ])("never errors on the special text %j", async (text) => {
    const page = await getAllSupportTickets(asAdmin, { category: slug, search: text });
    expect(Array.isArray(page.items)).toBe(true);
  });

  it.each([
    ["réservation'", "réservation"],
    ["reservation & facture", "reservation facture"],
    ["(reservation | facture)", "reservation facture"],
    ["!chimie", "chimie"],
    ["reserv:*", "reserv"],
    ["tuteur<->chimie", "tuteur chimie"],
    ["l'apparaît", "apparaît"],
  ])("treats the specials in %j as separators (same result as %j)", async (withSpecials, words) => {
    const expected = await search(words);
    expect(expected.length).toBeGreaterThan(0);
    expect(await search(withSpecials)).toEqual(expected);
  });

  it("combines with the other filters", async () => {
    expect(await idsFor({ category: slug, search: "reservation", status: "closed" })).toEqual([]);
    expect(sorted(await idsFor({ category: slug, search: "reservation", status: "open" }))).toEqual(
      sortedIds(bookingSubject, bookingDescription),
    );
  });

  it("refuses a search text over 200 characters with VALIDATION", async () => {
    expectRefusedInput(await refusalOf({ category: slug, search: "a".repeat(201) }), { search: "searchTooLong" });
    await expect(getAllSupportTickets(asAdmin, { category: slug, search: "a".repeat(200) })).resolves.toBeTruthy();
  });
});
