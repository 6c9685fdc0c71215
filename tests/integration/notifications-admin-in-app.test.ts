/**
 * Issue 13's admin side and issue 14's in-app notifications, on real PostgreSQL, a real SMTP
 * server and the live hub: a 5xx suspends the address (recorded, shown, nothing more sent, lifted
 * by an admin), "Renvoyer" of a failed email, the log's filters, admins' per-category choice for
 * new requests, and the bell's rows: same audience as email with their own switch, never an
 * internal note, RLS (each user sees and marks only their own), delivered live to that user only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LiveHub } from "@/features/live";
import {
  liftEmailSuppression,
  listEmailSuppressions,
  resendFailedEmail,
} from "@/features/notifications/service/email-admin";
import {
  countUnreadNotifications,
  listInAppNotifications,
  markNotificationsRead,
} from "@/features/notifications/service/in-app-notifications";
import { listEmailLog } from "@/features/notifications/service/list-email-log";
import {
  getCategorySubscriptions,
  setCategorySubscriptions,
  setNotificationPreference,
} from "@/features/notifications/service/notification-preferences";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import type { TSessionUser } from "@/server/auth/session";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { asServiceRole, asUser, rowsOf, testDatabaseUrl } from "../support/db";
import {
  expandQueuedNotifications,
  notificationsOfTicket,
  startSmtpServer,
  type TSmtpServer,
  testEmailConfig,
} from "../support/email";
import { startTestWorker, stopTestWorker, type TTestWorker, waitFor } from "../support/webhooks";

let smtp: TSmtpServer;
let worker: TTestWorker | undefined;
let student: TUserRow;
let bouncing: TUserRow;
let otherStudent: TUserRow;
let adminA: TUserRow;
let adminB: TUserRow;
let hub: LiveHub;

const as = (user: TUserRow): TSessionUser => sessionUserOf(user);

function newTicket(owner: TUserRow, category = "soutien-technique", subject = "Problème de connexion") {
  return createSupportTicket(as(owner), {
    subject,
    description: "Bonjour, je n'arrive pas à me connecter à la plateforme.",
    category,
  });
}

async function inAppRows(ticketId: string) {
  await expandQueuedNotifications();
  return rowsOf(
    await asServiceRole<{ id: string; user_id: string; type: string; data: { subject: string } }>(
      "select id, user_id, type, data from in_app_notifications where ticket_id = $1 order by created_at, id",
      [ticketId],
    ),
  );
}

beforeAll(async () => {
  process.env.EMAIL_COALESCE_SECONDS = "0";
  resetEnvCache();
  smtp = await startSmtpServer();
  [student, bouncing, otherStudent, adminA, adminB] = await Promise.all([
    createStudent(),
    createStudent({ locale: "en" }),
    createStudent(),
    createAdmin(),
    createAdmin(),
  ]);
  hub = new LiveHub(testDatabaseUrl(), { maxClients: 100, resumeWindowSeconds: 600 });
  await hub.ready();
});

afterEach(async () => {
  smtp.setRcptScript(() => "accept");
  if (worker) await stopTestWorker(worker);
  worker = undefined;
});

afterAll(async () => {
  delete process.env.EMAIL_COALESCE_SECONDS;
  resetEnvCache();
  await hub.stop();
  await smtp.close();
});

describe("permanent delivery failures", () => {
  it("suspend the address: recorded, listed, nothing more sent to it until an admin lifts it; then Renvoyer sends it", async () => {
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), pollIntervalMs: 100 });
    smtp.setRcptScript((address) =>
      address === bouncing.email ? { code: 550, message: "5.1.1 Mailbox unknown" } : "accept",
    );
    const first = await newTicket(bouncing);
    const failed = await waitFor(async () =>
      (await notificationsOfTicket(first.id)).find((r) => r.recipient_id === bouncing.id && r.state === "failed"),
    );
    expect(failed.state_reason).toBe("rejected");

    const suppressions = await listEmailSuppressions(as(adminA));
    const mine = suppressions.find((s) => s.userId === bouncing.id);
    expect(mine?.email).toBe(bouncing.email);
    expect(mine?.reason).toContain("550");

    // Nothing more by email to that address (the bell still tells them).
    smtp.setRcptScript(() => "accept");
    await addTicketMessage(as(adminA), { ticketId: first.id, message: "Pouvez-vous préciser?" });
    const rows = await notificationsOfTicket(first.id);
    expect(rows.some((r) => r.type === "support_reply")).toBe(false);
    expect((await inAppRows(first.id)).map((r) => [r.user_id, r.type])).toContainEqual([bouncing.id, "support_reply"]);
    expect(await resendFailedEmail(as(adminA), failed.id)).toEqual({ ok: false, reason: "suppressed" });

    // Students see no suppression, and cannot lift one.
    expect(rowsOf(await asUser(bouncing.id, "select * from email_suppressions"))).toEqual([]);
    await expect(liftEmailSuppression(as(bouncing), bouncing.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await liftEmailSuppression(as(adminA), bouncing.id);
    const resent = await resendFailedEmail(as(adminA), failed.id);
    expect(resent.ok).toBe(true);
    const copy = await waitFor(async () =>
      (await notificationsOfTicket(first.id)).find((r) => resent.ok && r.id === resent.id && r.state === "sent"),
    );
    expect(copy.type).toBe("request_received");
    expect(smtp.mailsTo(bouncing.email).some((m) => m.parsed.subject?.includes(`#${first.number}]`))).toBe(true);
    // Once per failed row.
    expect(await resendFailedEmail(as(adminA), failed.id)).toEqual({ ok: false, reason: "not_failed" });
  });
});

describe("the Courriels log's filters", () => {
  it("filter by state, type and recipient (any case), with keyset pages", async () => {
    const ticket = await newTicket(otherStudent);
    await expandQueuedNotifications();
    const byRecipient = await listEmailLog(as(adminA), { recipient: otherStudent.email.toUpperCase() });
    expect(byRecipient.items.length).toBeGreaterThan(0);
    expect(byRecipient.items.every((i) => i.recipientEmail === otherStudent.email)).toBe(true);
    const byType = await listEmailLog(as(adminA), { type: "new_request" });
    expect(byType.items.length).toBeGreaterThan(0);
    expect(byType.items.every((i) => i.type === "new_request")).toBe(true);
    const pending = await listEmailLog(as(adminA), { state: "pending", recipient: otherStudent.email });
    expect(pending.items.map((i) => i.ticketId)).toContain(ticket.id);
    expect((await listEmailLog(as(adminA), { state: "sent", recipient: otherStudent.email })).items).toEqual([]);
    await expect(listEmailLog(as(student), {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("new requests per category", () => {
  it("go only to admins who follow the category, or to every admin who chose none", async () => {
    await setCategorySubscriptions(as(adminB), { categories: ["paiement"] });
    const choices = await getCategorySubscriptions(as(adminB), "fr-CA");
    expect(choices.filter((c) => c.subscribed).map((c) => c.slug)).toEqual(["paiement"]);

    const technical = await newTicket(student, "soutien-technique");
    const payment = await newTicket(student, "paiement", "Facture en double");
    const recipients = async (ticketId: string) =>
      (await notificationsOfTicket(ticketId)).filter((r) => r.type === "new_request").map((r) => r.recipient_id);
    expect(await recipients(technical.id)).toContain(adminA.id);
    expect(await recipients(technical.id)).not.toContain(adminB.id);
    expect(await recipients(payment.id)).toEqual(expect.arrayContaining([adminA.id, adminB.id]));
    // The bell follows the same choice.
    expect((await inAppRows(technical.id)).some((r) => r.user_id === adminB.id)).toBe(false);
    expect((await inAppRows(payment.id)).some((r) => r.user_id === adminB.id)).toBe(true);

    // A student has no such choice, in the service or the database.
    await expect(setCategorySubscriptions(as(student), { categories: ["paiement"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const insert = await asUser(
      student.id,
      "insert into notification_category_subscriptions (user_id, category_slug) values ($1, 'paiement')",
      [student.id],
    );
    expect(insert.ok).toBe(false);
    await setCategorySubscriptions(as(adminB), { categories: [] });
  });
});

describe("in-app notifications", () => {
  it("go to the same people as email, each by its own switch, never about an internal note or one's own action", async () => {
    const ticket = await newTicket(student);
    // The student's own new request is no news to them in the bell; every admin hears of it.
    const created = await inAppRows(ticket.id);
    expect(created.some((r) => r.user_id === student.id)).toBe(false);
    expect(created.filter((r) => r.type === "new_request").map((r) => r.user_id)).toEqual(
      expect.arrayContaining([adminA.id, adminB.id]),
    );

    await addTicketMessage(as(adminA), { ticketId: ticket.id, message: "NOTE-BELL", isInternal: true });
    expect((await inAppRows(ticket.id)).length).toBe(created.length);

    await setNotificationPreference(as(student), { type: "support_reply", channel: "in_app", enabled: false });
    await addTicketMessage(as(adminA), { ticketId: ticket.id, message: "Première réponse." });
    expect((await inAppRows(ticket.id)).some((r) => r.user_id === student.id)).toBe(false);
    // The email switch is apart: the email is still written.
    expect((await notificationsOfTicket(ticket.id)).some((r) => r.type === "support_reply")).toBe(true);

    await setNotificationPreference(as(student), { type: "support_reply", channel: "in_app", enabled: true });
    await addTicketMessage(as(adminA), { ticketId: ticket.id, message: "Deuxième réponse." });
    const mine = (await inAppRows(ticket.id)).filter((r) => r.user_id === student.id);
    expect(mine.map((r) => r.type)).toEqual(["support_reply"]);
    expect(JSON.stringify(mine)).not.toContain("NOTE-BELL");
    expect(Object.keys(mine[0]?.data ?? {})).toEqual(["subject"]);
  });

  it("are each user's own (RLS), listed, counted and marked read", async () => {
    const ticket = await newTicket(otherStudent);
    await addTicketMessage(as(adminA), { ticketId: ticket.id, message: "Bonjour!" });
    await expandQueuedNotifications();
    const page = await listInAppNotifications(as(otherStudent));
    const item = page.items.find((i) => i.ticketId === ticket.id);
    expect(item).toMatchObject({ type: "support_reply", ticketNumber: ticket.number, read: false });
    const unread = await countUnreadNotifications(as(otherStudent));
    expect(unread).toBeGreaterThan(0);

    // Another user sees none of them and cannot mark them, through the service or the database.
    expect((await listInAppNotifications(as(student))).items.some((i) => i.id === item?.id)).toBe(false);
    expect(rowsOf(await asUser(student.id, "select id from in_app_notifications where id = $1", [item?.id]))).toEqual(
      [],
    );
    const update = await asUser(
      student.id,
      "update in_app_notifications set read_at = now() where id = $1 returning id",
      [item?.id],
      { commit: true },
    );
    expect(rowsOf(update)).toEqual([]);
    const forgedInsert = await asUser(
      student.id,
      "insert into in_app_notifications (idempotency_key, user_id, type) values ('x', $1, 'support_reply')",
      [otherStudent.id],
    );
    expect(forgedInsert.ok).toBe(false);
    await markNotificationsRead(as(student), item?.id ?? null);
    expect(await countUnreadNotifications(as(otherStudent))).toBe(unread);

    expect(await markNotificationsRead(as(otherStudent), item?.id ?? null)).toEqual({ unread: unread - 1 });
    expect(await markNotificationsRead(as(otherStudent), null)).toEqual({ unread: 0 });
    expect((await listInAppNotifications(as(otherStudent))).items.every((i) => i.read)).toBe(true);
  });

  it("are delivered live to their user's streams only, as an id", async () => {
    const heard = { student: [] as string[], other: [] as string[] };
    const subscribe = (user: TUserRow, into: string[]) =>
      hub.subscribe({ viewer: { id: user.id, isAdmin: false }, ticketId: null, send: (chunk) => into.push(chunk) });
    const unsubscribeStudent = subscribe(student, heard.student);
    const unsubscribeOther = subscribe(otherStudent, heard.other);
    try {
      const ticket = await newTicket(student);
      await addTicketMessage(as(adminA), { ticketId: ticket.id, message: "Réponse en direct." });
      const [row] = (await inAppRows(ticket.id)).filter((r) => r.user_id === student.id);
      const chunk = await waitFor(() => heard.student.find((c) => c.startsWith("event: notification")));
      expect(chunk).toBe(`event: notification\ndata: ${JSON.stringify({ id: row?.id })}\n\n`);
      expect(heard.other.some((c) => c.startsWith("event: notification"))).toBe(false);
    } finally {
      unsubscribeStudent?.();
      unsubscribeOther?.();
    }
  });
});
