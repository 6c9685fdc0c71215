/**
 * The one ticket-change pipeline (issue 11): a fake consumer added with
 * addTicketChangeConsumer sees every change type arrive exactly once, inside the change's
 * own transaction (it reads the changed row in `tx` and sees the new value), and a change
 * whose consumer fails leaves nothing behind: no row change, no history, no webhook event,
 * no consumer write.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { getAdminTicketDetails, getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { addTicketChangeConsumer } from "@/features/tickets/service/ticket-change-consumers";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import type { TTx } from "@/server/db/with-user";
import type { TTicketEvent, TTicketEventType } from "@/server/events/ticket-events";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { createTicketWith, file, postMessageWith } from "../support/attachment-requests";
import { PNG_1x1 } from "../support/attachment-samples";
import { asServiceRole, rowsOf } from "../support/db";
import { storedRow, storedRows } from "../support/tickets";
import { useStorageDriver } from "../support/uploads";

type TSeen = {
  type: TTicketEventType;
  ticketId: string;
  /** The ticket row as the consumer read it in the change's transaction. */
  row: { status: string; priority: string; assigned_to: string | null; version: number } | undefined;
  /** For message and attachment events: whether their row is visible in that transaction. */
  rowOfEventVisible: boolean | null;
};

async function readInTx(tx: TTx, event: TTicketEvent): Promise<TSeen> {
  const ticket = await tx.execute<TSeen["row"] & {}>(
    sql`select status, priority, assigned_to, version from support_tickets where id = ${event.ticket.id}`,
  );
  let rowOfEventVisible: boolean | null = null;
  if (event.type === "message_added" || event.type === "internal_note_added") {
    const found = await tx.execute(sql`select 1 from ticket_messages where id = ${event.messageId}`);
    rowOfEventVisible = found.rows.length === 1;
  }
  if (event.type === "attachment_added") {
    const found = await tx.execute(sql`select 1 from ticket_attachments where id = ${event.attachmentId}`);
    rowOfEventVisible = found.rows.length === 1;
  }
  return { type: event.type, ticketId: event.ticket.id, row: ticket.rows[0], rowOfEventVisible };
}

let student: TUserRow;
let admin: TUserRow;
let asStudent: TSessionUser;
let asAdmin: TSessionUser;
const removeConsumers: (() => void)[] = [];

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asAdmin = sessionUserOf(admin);
});

afterEach(() => {
  for (const remove of removeConsumers.splice(0)) remove();
});

/** A consumer that records what it sees of the tickets in `ticketIds` (all when empty). */
function recordingConsumer(ticketIds?: Set<string>) {
  const seen: TSeen[] = [];
  removeConsumers.push(
    addTicketChangeConsumer({
      name: "test-recorder",
      async handle(tx, event) {
        if (ticketIds && !ticketIds.has(event.ticket.id)) return;
        seen.push(await readInTx(tx, event));
      },
    }),
  );
  return seen;
}

describe("every change type reaches the consumers once, in the change's transaction", () => {
  useStorageDriver("local");

  it("created, attachment, status, priority, assign, unassign, message, internal note, reopen, close", async () => {
    const seen = recordingConsumer();

    // created + attachment_added (the upload route: a ticket with one file)
    const created = await createTicketWith(asStudent, [file("capture.png", PNG_1x1)]);
    expect(created.status).toBe(200);
    const ticketId = created.body.data?.id ?? "";
    const mine = () => seen.filter((s) => s.ticketId === ticketId);

    const v1 = (await storedRow<{ version: number }>("select version from support_tickets where id = $1", [ticketId]))
      .version;
    const status = await updateTicketStatus(asAdmin, { ticketId, status: "in_progress", expectedVersion: v1 });
    const priority = await updateTicketPriority(asAdmin, {
      ticketId,
      priority: "urgent",
      expectedVersion: status.version,
    });
    // Same priority again: no change, no event.
    await updateTicketPriority(asAdmin, { ticketId, priority: "urgent" });
    const assigned = await assignTicket(asAdmin, {
      ticketId,
      assigneeId: admin.id,
      expectedVersion: priority.version,
    });
    await assignTicket(asAdmin, { ticketId, assigneeId: null, expectedVersion: assigned.version });
    await addTicketMessage(asAdmin, { ticketId, message: "Nous regardons votre reçu.", isInternal: false });
    await addTicketMessage(asAdmin, { ticketId, message: "Note : vérifier le paiement.", isInternal: true });
    await updateTicketStatus(asAdmin, { ticketId, status: "resolved" });
    // A student's reply on a resolved ticket reopens it: message_added, then status_changed.
    const reply = await postMessageWith(asStudent, ticketId, { message: "Ce n'est pas réglé." }, [
      file("encore.png", PNG_1x1),
    ]);
    expect(reply.body.data?.status).toBe("open");
    await closeTicket(asStudent, ticketId);

    expect(mine().map((s) => s.type)).toEqual([
      "created",
      "attachment_added",
      "status_changed",
      "priority_changed",
      "assigned",
      "assigned",
      "message_added",
      "internal_note_added",
      "status_changed",
      "message_added",
      "attachment_added",
      "status_changed",
      "status_changed",
    ]);

    // Inside the transaction: each consumer call saw the row as the change left it.
    const rows = mine().map((s) => s.row);
    expect(rows[0]).toMatchObject({ status: "open" });
    expect(rows[2]).toMatchObject({ status: "in_progress", version: status.version });
    expect(rows[3]).toMatchObject({ priority: "urgent", version: priority.version });
    expect(rows[4]).toMatchObject({ assigned_to: admin.id, version: assigned.version });
    expect(rows[5]).toMatchObject({ assigned_to: null });
    expect(rows[8]).toMatchObject({ status: "resolved" });
    expect(rows[11]).toMatchObject({ status: "open" });
    expect(rows[12]).toMatchObject({ status: "closed" });
    // Messages and files not committed yet are visible to the consumer (same transaction).
    expect(
      mine()
        .filter((s) => s.rowOfEventVisible !== null)
        .map((s) => s.rowOfEventVisible),
    ).toEqual([true, true, true, true, true]);

    // One history row per event, in the same order.
    const history = await storedRows<{ type: string }>(
      "select type from ticket_events where ticket_id = $1 order by created_at, id",
      [ticketId],
    );
    expect(history.map((h) => h.type)).toEqual(mine().map((s) => s.type));
  });
});

describe("a change whose consumer fails rolls back with everything written for it", () => {
  function failingConsumer(type: TTicketEventType, ticketId: string) {
    removeConsumers.push(
      addTicketChangeConsumer({
        name: "test-failing",
        async handle(tx, event) {
          if (event.ticket.id !== ticketId) return;
          // A side effect of its own, before failing: it must not survive either.
          await tx.execute(
            sql`insert into ticket_messages (ticket_id, user_id, message, is_internal)
                values (${ticketId}, ${event.actor.id}, ${"side effect of the failing consumer"},
                        ${event.actor.role === "admin"})`,
          );
          if (event.type === type) throw new Error("consumer failed");
        },
      }),
    );
  }

  async function footprint(ticketId: string) {
    const ticket = await storedRow("select status, priority, version from support_tickets where id = $1", [ticketId]);
    const history = await storedRows("select type from ticket_events where ticket_id = $1", [ticketId]);
    const messages = await storedRows("select message from ticket_messages where ticket_id = $1", [ticketId]);
    const webhooks = rowsOf(await asServiceRole("select type from webhook_events where ticket_id = $1", [ticketId]));
    return { ticket, history, messages, webhooks };
  }

  it("an admin's priority change: no new priority, no history, no webhook event, no consumer write", async () => {
    const ticket = await createTicket({ userId: student.id, priority: "low" });
    const before = await footprint(ticket.id);
    const seen = recordingConsumer(new Set([ticket.id]));
    failingConsumer("priority_changed", ticket.id);

    await expect(updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "high" })).rejects.toThrow(
      "consumer failed",
    );
    // The recorder ran first, in the transaction that then rolled back.
    expect(seen.map((s) => s.type)).toEqual(["priority_changed"]);
    expect(seen[0]?.row).toMatchObject({ priority: "high" });
    expect(await footprint(ticket.id)).toEqual(before);
  });

  it("a student's reply that reopens: no message, still resolved, no history, no webhook event", async () => {
    const ticket = await createTicket({ userId: student.id, status: "resolved" });
    const before = await footprint(ticket.id);
    failingConsumer("status_changed", ticket.id);

    await expect(
      addTicketMessage(asStudent, { ticketId: ticket.id, message: "Toujours pas réglé.", isInternal: false }),
    ).rejects.toThrow("consumer failed");
    const after = await footprint(ticket.id);
    expect(after).toEqual(before);
    expect(after.ticket).toMatchObject({ status: "resolved" });
  });
});

describe("view-ready DTOs carry the category's labels", () => {
  it("student and admin lists and details: categoryLabel = the category's French and English labels", async () => {
    const category = await storedRow<{ slug: string; label_fr: string; label_en: string }>(
      "select slug, label_fr, label_en from ticket_categories where slug = 'soutien-technique'",
    );
    const label = { fr: category.label_fr, en: category.label_en };
    const ticket = await createTicket({ userId: student.id, category: category.slug });

    const studentPage = await getStudentTickets(asStudent, {});
    expect(studentPage.items.find((item) => item.id === ticket.id)).toMatchObject({
      category: category.slug,
      categoryLabel: label,
    });
    const adminPage = await getAllSupportTickets(asAdmin, { search: `#${ticket.number}` });
    expect(adminPage.items.find((item) => item.id === ticket.id)).toMatchObject({
      category: category.slug,
      categoryLabel: label,
    });
    expect(await getStudentTicketDetails(asStudent, ticket.id)).toMatchObject({
      category: category.slug,
      categoryLabel: label,
    });
    expect(await getAdminTicketDetails(asAdmin, ticket.id)).toMatchObject({
      category: category.slug,
      categoryLabel: label,
    });
  });
});
