/**
 * Issue 17, "search that finds what agents type": the admin search also finds words in any
 * message of the thread (public replies and internal notes) and the student's name or email,
 * and says where it matched with a marked snippet (migration 0040). Students have no ticket
 * search; the message vectors and the search functions stay behind RLS and the admin check.
 *
 * The database is shared by every test file of a run: each test writes words made for it
 * (a random suffix spelled in letters), so tickets left by other files never match.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TAdminTicketListItem } from "@/features/tickets/dto";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { runMessageSearchBackfill } from "@/features/tickets/service/run-message-search-backfill";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createMessage, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { uniqueSuffix } from "../factories/service-db";
import { expectAppError } from "../support/admin-tickets";
import { asUser, rowsOf, testPool } from "../support/db";

/** A word nobody else wrote: the suffix's digits spelled as letters (a word with digits is tokenized apart). */
const uniqueWord = (stem: string) =>
  `${stem}${uniqueSuffix().replace(/\d/g, (d: string) => "ghijklmnop"[Number(d)] ?? "q")}`;

let admin: TUserRow;
let student: TUserRow;
let otherStudent: TUserRow;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [admin, student, otherStudent] = await Promise.all([createAdmin(), createStudent(), createStudent()]);
  asAdmin = sessionUserOf(admin);
});

/** Every item the admin gets for `search`, across all pages. */
async function itemsFor(search: string, user: TSessionUser = asAdmin): Promise<TAdminTicketListItem[]> {
  const items: TAdminTicketListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await getAllSupportTickets(user, { search, cursor });
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error("more than 20 pages");
}

const markedOf = (item: TAdminTicketListItem | undefined) =>
  (item?.searchHit?.snippet ?? []).filter((piece) => piece.marked).map((piece) => piece.text);
const textOf = (item: TAdminTicketListItem | undefined) =>
  (item?.searchHit?.snippet ?? []).map((piece) => piece.text).join("");

describe("admin search: messages", () => {
  it("finds a word written only in a public reply, with the reply's snippet and the word marked", async () => {
    const word = uniqueWord("Ornithorynque");
    const ticket = await createTicket({ userId: student.id });
    const other = await createTicket({ userId: student.id });
    await createMessage({ ticketId: ticket.id, userId: admin.id, message: `Bonjour, le code ${word} est réglé.` });
    await createMessage({ ticketId: other.id, userId: admin.id, message: "Rien à voir ici." });

    const items = await itemsFor(word.toLowerCase());
    expect(items.map((item) => item.id)).toEqual([ticket.id]);
    expect(items[0]?.searchHit?.where).toBe("message");
    expect(markedOf(items[0])).toEqual([word]);
    expect(textOf(items[0])).toContain(`le code ${word} est réglé`);
    // A prefix and the word without its accents find it too (the same configurations as the subject).
    expect((await itemsFor(word.slice(0, -2))).map((item) => item.id)).toEqual([ticket.id]);
  });

  it("finds a word written only in an internal note, for admins, and says it is a note", async () => {
    const word = uniqueWord("Capybara");
    const ticket = await createTicket({ userId: student.id });
    await createMessage({
      ticketId: ticket.id,
      userId: admin.id,
      isInternal: true,
      message: `Vérifier ${word} demain.`,
    });

    const items = await itemsFor(word);
    expect(items.map((item) => item.id)).toEqual([ticket.id]);
    expect(items[0]?.searchHit?.where).toBe("internal_note");
    expect(markedOf(items[0])).toEqual([word]);
  });

  it("needs every word in one message, and says subject first when the subject has them", async () => {
    const word = uniqueWord("Axolotl");
    const inSubject = await createTicket({ userId: student.id, subject: `Problème ${word} au calendrier` });
    await createMessage({ ticketId: inSubject.id, userId: student.id, message: `Encore ${word} ce matin.` });
    const inMessage = await createTicket({ userId: student.id });
    await createMessage({ ticketId: inMessage.id, userId: student.id, message: `Le calendrier montre ${word}.` });
    const split = await createTicket({ userId: student.id });
    await createMessage({ ticketId: split.id, userId: student.id, message: `Le mot ${word} seul.` });
    await createMessage({ ticketId: split.id, userId: admin.id, message: "Et le calendrier ailleurs." });

    const items = await itemsFor(`${word} calendrier`);
    expect(new Set(items.map((item) => item.id))).toEqual(new Set([inSubject.id, inMessage.id]));
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(inSubject.id)?.searchHit?.where).toBe("subject");
    expect(new Set(markedOf(byId.get(inSubject.id)))).toEqual(new Set([word, "calendrier"]));
    expect(byId.get(inMessage.id)?.searchHit?.where).toBe("message");
  });

  it("keeps user text as text: markup in a message is never a mark, and no marker character leaks", async () => {
    const word = uniqueWord("Pangolin");
    const ticket = await createTicket({ userId: student.id });
    await createMessage({
      ticketId: ticket.id,
      userId: student.id,
      message: `<mark>faux</mark> \u0001${word}\u0002 <script>alert(1)</script>`,
    });
    const [item] = await itemsFor(word);
    expect(item?.id).toBe(ticket.id);
    expect(markedOf(item)).toEqual([word]);
    expect(textOf(item).includes("\u0001") || textOf(item).includes("\u0002")).toBe(false);
  });

  it("pages a message search by keyset without duplicates", async () => {
    const word = uniqueWord("Tatou");
    const tickets = [];
    for (let i = 0; i < 23; i++) tickets.push(await createTicket({ userId: student.id }));
    for (const ticket of tickets) {
      await createMessage({ ticketId: ticket.id, userId: admin.id, message: `Réponse ${word} numéro.` });
    }
    const first = await getAllSupportTickets(asAdmin, { search: word });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const ids = (await itemsFor(word)).map((item) => item.id);
    expect(ids).toHaveLength(23);
    expect(new Set(ids)).toEqual(new Set(tickets.map((t) => t.id)));
  });
});

describe("admin search: the student's name and email", () => {
  it("finds a student's tickets by last name, full name and email prefix, and says so", async () => {
    const lastName = uniqueWord("Beaulieu");
    const named = await createStudent({ firstName: "Éloïse", lastName });
    const mine = [await createTicket({ userId: named.id }), await createTicket({ userId: named.id })];
    await createTicket({ userId: otherStudent.id });

    for (const text of [lastName, lastName.toLowerCase(), `eloise ${lastName}`, `Éloïse ${lastName.slice(0, -2)}`]) {
      const items = await itemsFor(text);
      expect(new Set(items.map((item) => item.id)), text).toEqual(new Set(mine.map((t) => t.id)));
      expect(items.every((item) => item.searchHit?.where === "student" && item.searchHit.snippet === null)).toBe(true);
    }
    const byEmail = await itemsFor(named.email.slice(0, named.email.indexOf("@") + 3));
    expect(new Set(byEmail.map((item) => item.id))).toEqual(new Set(mine.map((t) => t.id)));
  });

  it("a ticket number search still finds only the number", async () => {
    const ticket = await createTicket({ userId: student.id });
    const items = await itemsFor(`#${ticket.number}`);
    expect(items.map((item) => item.id)).toEqual([ticket.id]);
    expect(items[0]?.searchHit ?? null).toBeNull();
  });
});

describe("students and the message search", () => {
  it("refuses the admin search to a student", async () => {
    await expectAppError(getAllSupportTickets(sessionUserOf(student), { search: "note" }), "FORBIDDEN");
  });

  it("never finds a note, theirs or another student's, through the message vectors under RLS", async () => {
    const word = uniqueWord("Okapi");
    const own = await createTicket({ userId: student.id });
    const others = await createTicket({ userId: otherStudent.id });
    await createMessage({ ticketId: own.id, userId: admin.id, isInternal: true, message: `Note ${word}.` });
    await createMessage({ ticketId: others.id, userId: admin.id, isInternal: true, message: `Note ${word}.` });
    await createMessage({ ticketId: others.id, userId: otherStudent.id, message: `Public ${word}.` });
    await createMessage({ ticketId: own.id, userId: student.id, message: `Mon ${word} public.` });

    const query = `select m.ticket_id, m.is_internal from ticket_messages m
      where m.search_vector @@ to_tsquery('public.ticket_search_simple', $1)`;
    const asStudent = rowsOf(await asUser(student.id, query, [`${word.toLowerCase()}:*`]));
    expect(asStudent).toEqual([{ ticket_id: own.id, is_internal: false }]);
    const asAdminRows = rowsOf(await asUser(admin.id, query, [`${word.toLowerCase()}:*`]));
    expect(asAdminRows).toHaveLength(4);

    const refused = await asUser(
      student.id,
      "select public.admin_search_message_ticket_ids(to_tsquery('public.ticket_search_simple', $1), 10)",
      [`${word.toLowerCase()}:*`],
    );
    expect(refused.ok ? "ok" : refused.code).toBe("42501");
    const backfill = await asUser(student.id, "select app.message_search_backfill_batch(null, 10)");
    expect(backfill.ok ? "ok" : backfill.code).toBe("42501");
  });
});

describe("the backfill of messages written before migration 0040", () => {
  it("gives a message without a vector its vector, and the search then finds it", async () => {
    const word = uniqueWord("Wombat");
    const ticket = await createTicket({ userId: student.id });
    // A message as it was before the migration: written with triggers off for this session only.
    const client = await testPool().connect();
    try {
      await client.query("set session_replication_role = replica");
      await client.query("insert into ticket_messages (ticket_id, user_id, message) values ($1, $2, $3)", [
        ticket.id,
        admin.id,
        `Ancien message ${word}.`,
      ]);
      await client.query("reset session_replication_role");
      const before = await client.query("select search_vector from ticket_messages where ticket_id = $1", [ticket.id]);
      expect(before.rows).toEqual([{ search_vector: null }]);
      expect(await itemsFor(word)).toEqual([]);

      const result = await runMessageSearchBackfill({ client, batchSize: 500 });
      expect(result.done).toBe(true);
    } finally {
      await client.query("reset session_replication_role").catch(() => {});
      client.release();
    }
    expect((await itemsFor(word)).map((item) => item.id)).toEqual([ticket.id]);
  });
});
