/**
 * Satisfaction ratings (issue 16): the student of a resolved ticket rates it 1–5 with an
 * optional comment, once per resolution (a reopen + resolve opens a new one), changeable for
 * 7 days; only the owner, only after resolution — in the service and again in the database's
 * policies. The `rated` event goes through the pipeline: history row and ticket.rated webhook.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getAdminTicketDetails, getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { rateTicket } from "@/features/tickets/service/rate-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { expectAppError } from "../support/admin-tickets";
import { asServiceRole, asUser, rowsOf } from "../support/db";
import {
  cleanUpWebhookTest,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  storedWebhookEventsOf,
  type TReceiver,
} from "../support/webhooks";

let student: TUserRow;
let otherStudent: TUserRow;
let admin: TUserRow;
let asStudent: TSessionUser;
let asOtherStudent: TSessionUser;
let asAdmin: TSessionUser;
let receiver: TReceiver;

beforeAll(async () => {
  [student, otherStudent, admin] = await Promise.all([createStudent(), createStudent(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asOtherStudent = sessionUserOf(otherStudent);
  asAdmin = sessionUserOf(admin);
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
  setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url });
});

afterEach(cleanUpWebhookTest);

async function resolvedTicket(): Promise<string> {
  const created = await createSupportTicket(asStudent, {
    subject: "Ma séance n'apparaît plus",
    description: "Je ne vois plus ma séance de jeudi dans mon horaire.",
    category: "reservations",
  });
  await updateTicketStatus(asAdmin, { ticketId: created.id, status: "resolved" });
  return created.id;
}

type TStoredRating = { score: number; comment: string | null; resolved_at: Date; created_at: Date };

async function storedRatings(ticketId: string): Promise<TStoredRating[]> {
  return rowsOf(
    await asServiceRole<TStoredRating>(
      "select score, comment, resolved_at, created_at from public.ticket_ratings where ticket_id = $1 order by created_at",
      [ticketId],
    ),
  );
}

async function ratedHistory(ticketId: string) {
  return rowsOf(
    await asServiceRole<{ actor_id: string; from_value: string | null; to_value: string }>(
      "select actor_id, from_value, to_value from public.ticket_events where ticket_id = $1 and type = 'rated' order by created_at",
      [ticketId],
    ),
  );
}

describe("rating a resolved ticket", () => {
  it("stores the rating, writes the history row and the ticket.rated webhook, and shows it to both sides", async () => {
    const ticketId = await resolvedTicket();
    const rating = await rateTicket(asStudent, { ticketId, score: 4, comment: "  Merci, c'est réglé!  " });
    expect(rating).toMatchObject({ score: 4, comment: "Merci, c'est réglé!", changeable: true });

    expect(await storedRatings(ticketId)).toMatchObject([{ score: 4, comment: "Merci, c'est réglé!" }]);
    expect(await ratedHistory(ticketId)).toEqual([{ actor_id: student.id, from_value: null, to_value: "4" }]);
    const webhooks = (await storedWebhookEventsOf(ticketId)).filter((event) => event.type === "ticket.rated");
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]?.payload.data).toMatchObject({
      ticket_id: ticketId,
      user_id: student.id,
      score: 4,
      previous_score: null,
      comment: "Merci, c'est réglé!",
    });

    const seenByStudent = await getStudentTicketDetails(asStudent, ticketId);
    expect(seenByStudent.rating).toMatchObject({ canRate: true, current: { score: 4 } });
    const seenByAdmin = await getAdminTicketDetails(asAdmin, ticketId);
    expect(seenByAdmin.ratings).toMatchObject([{ score: 4, comment: "Merci, c'est réglé!" }]);
    expect(seenByAdmin.history.some((item) => item.type === "rated" && item.toValue === "4")).toBe(true);
  });

  it("changes the same rating within 7 days (one per resolution), and refuses after", async () => {
    const ticketId = await resolvedTicket();
    await rateTicket(asStudent, { ticketId, score: 2 });
    await rateTicket(asStudent, { ticketId, score: 5, comment: "Finalement, très bien" });
    expect(await storedRatings(ticketId)).toMatchObject([{ score: 5, comment: "Finalement, très bien" }]);
    expect((await ratedHistory(ticketId)).map((row) => [row.from_value, row.to_value])).toEqual([
      [null, "2"],
      ["2", "5"],
    ]);

    await asServiceRole(
      "update public.ticket_ratings set created_at = now() - interval '8 days' where ticket_id = $1",
      [ticketId],
      { commit: true },
    );
    await expectAppError(rateTicket(asStudent, { ticketId, score: 1 }), "RATING_CLOSED");
    // The database refuses it too: the row is no longer the student's to update.
    const direct = await asUser(student.id, "update public.ticket_ratings set score = 1 where ticket_id = $1", [
      ticketId,
    ]);
    expect(direct).toMatchObject({ ok: true, rowCount: 0 });
    expect(await storedRatings(ticketId)).toMatchObject([{ score: 5 }]);
    expect((await getStudentTicketDetails(asStudent, ticketId)).rating).toMatchObject({
      canRate: false,
      current: { score: 5, changeable: false },
    });
  });

  it("opens a new rating after a reopen and a new resolution, and the old one can no longer change", async () => {
    const ticketId = await resolvedTicket();
    await rateTicket(asStudent, { ticketId, score: 2 });
    await addTicketMessage(asStudent, { ticketId, message: "Le problème est revenu ce matin." });
    await expectAppError(rateTicket(asStudent, { ticketId, score: 3 }), "RATING_CLOSED");
    await updateTicketStatus(asAdmin, { ticketId, status: "resolved" });
    expect((await getStudentTicketDetails(asStudent, ticketId)).rating).toEqual({ canRate: true, current: null });
    await rateTicket(asStudent, { ticketId, score: 5 });
    const ratings = await storedRatings(ticketId);
    expect(ratings.map((r) => r.score)).toEqual([2, 5]);
    expect(ratings[0]?.resolved_at.getTime()).toBeLessThan(ratings[1]?.resolved_at.getTime() ?? 0);
    expect((await getAdminTicketDetails(asAdmin, ticketId)).ratings.map((r) => r.score)).toEqual([5, 2]);
  });

  it("can rate after the student closed the resolved ticket", async () => {
    const ticketId = await resolvedTicket();
    await closeTicket(asStudent, ticketId);
    await rateTicket(asStudent, { ticketId, score: 3 });
    expect(await storedRatings(ticketId)).toMatchObject([{ score: 3 }]);
  });
});

describe("who may rate, and when", () => {
  it("refuses a ticket that is not resolved", async () => {
    const created = await createSupportTicket(asStudent, {
      subject: "Question sur ma facture",
      description: "Je ne comprends pas le montant de ma dernière facture.",
      category: "paiement",
    });
    await expectAppError(rateTicket(asStudent, { ticketId: created.id, score: 5 }), "RATING_CLOSED");
    await updateTicketStatus(asAdmin, { ticketId: created.id, status: "closed" });
    // Closed without a resolution: nothing to rate.
    await expectAppError(rateTicket(asStudent, { ticketId: created.id, score: 5 }), "RATING_CLOSED");
    expect(await storedRatings(created.id)).toEqual([]);
  });

  it("only the ticket's own student: another student gets NOT_FOUND, an admin FORBIDDEN", async () => {
    const ticketId = await resolvedTicket();
    await expectAppError(rateTicket(asOtherStudent, { ticketId, score: 1 }), "NOT_FOUND");
    await expectAppError(rateTicket(asAdmin, { ticketId, score: 1 }), "FORBIDDEN");
    await expectAppError(rateTicket(asStudent, { ticketId, score: 6 }), "VALIDATION");
    expect(await storedRatings(ticketId)).toEqual([]);
  });

  it("the policies refuse a direct insert by another student or for a resolution that is not the current one", async () => {
    const ticketId = await resolvedTicket();
    const byOther = await asUser(
      otherStudent.id,
      `insert into public.ticket_ratings (ticket_id, user_id, resolved_at, score)
       select id, $2, resolved_at, 1 from public.support_tickets where id = $1`,
      [ticketId, otherStudent.id],
    );
    // The other student cannot even see the ticket: nothing to insert from.
    expect(byOther.ok ? byOther.rowCount : 0).toBe(0);
    const wrongResolution = await asUser(
      student.id,
      "insert into public.ticket_ratings (ticket_id, user_id, resolved_at, score) values ($1, $2, now() - interval '1 day', 5)",
      [ticketId, student.id],
    );
    expect(wrongResolution).toMatchObject({ ok: false, code: "42501" });
    await rateTicket(asStudent, { ticketId, score: 4, comment: "Bien" });
    const seenByOther = await asUser(otherStudent.id, "select id from public.ticket_ratings where ticket_id = $1", [
      ticketId,
    ]);
    expect(rowsOf(seenByOther)).toEqual([]);
    // Students write only the score and the comment.
    const moved = await asUser(student.id, "update public.ticket_ratings set admin_id = $2 where ticket_id = $1", [
      ticketId,
      admin.id,
    ]);
    expect(moved).toMatchObject({ ok: false, code: "42501" });
  });
});
