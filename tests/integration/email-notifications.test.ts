/**
 * Email notifications (issue 13), end to end on real things: ticket services write the
 * notification rows in the change's transaction (the email consumer on the pipeline), the
 * worker (graphile-worker, in process) renders and sends them to a real SMTP server
 * (smtp-server) and each message is parsed with mailparser. Per type: recipients, locale,
 * subject, text and HTML, headers; never the actor, never an internal note; coalescing; no
 * duplicate on a second run; 421/451 retried; 550 permanent; kept mode; preferences;
 * unsubscribe tokens.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  getNotificationPreferences,
  setNotificationPreference,
  unsubscribeWithToken,
} from "@/features/notifications/service/notification-preferences";
import { createUnsubscribeToken, verifyUnsubscribeToken } from "@/features/notifications/unsubscribe-token";
import { sendEmailBatch } from "@/features/notifications/worker/send-emails";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import { updateAccount } from "@/features/users";
import type { TSessionUser } from "@/server/auth/session";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { asServiceRole, rowsOf, testPool } from "../support/db";
import {
  notificationsOfTicket,
  startSmtpServer,
  type TSmtpServer,
  type TStoredNotification,
  testEmailConfig,
} from "../support/email";
import { startTestWorker, stopTestWorker, type TTestWorker, waitFor } from "../support/webhooks";

let smtp: TSmtpServer;
let worker: TTestWorker | undefined;
let studentEn: TUserRow;
let studentFr: TUserRow;
let adminA: TUserRow;
let adminB: TUserRow;

const as = (user: TUserRow): TSessionUser => sessionUserOf(user);

async function versionOf(ticketId: string): Promise<number> {
  const [row] = rowsOf(
    await asServiceRole<{ version: number }>("select version from support_tickets where id = $1", [ticketId]),
  );
  return row?.version ?? 0;
}

async function newTicket(student: TUserRow, subject = "Impossible de rejoindre la séance") {
  return createSupportTicket(as(student), {
    subject,
    description: "Bonjour, le lien de la séance ne fonctionne pas depuis ce matin.",
    category: "soutien-technique",
  });
}

function setCoalesceSeconds(seconds: number) {
  process.env.EMAIL_COALESCE_SECONDS = String(seconds);
  resetEnvCache();
}

async function startWorkerWith(smtpUrl: string | null, retryDelaysMs: number[] = [50, 100, 200]) {
  worker = await startTestWorker({
    emailConfig: testEmailConfig(smtpUrl),
    emailRetryDelaysMs: retryDelaysMs,
    pollIntervalMs: 100,
  });
  return worker;
}

/** Waits until every notification of the ticket has left "pending"/"sending". */
async function settled(ticketId: string, count?: number): Promise<TStoredNotification[]> {
  return waitFor(
    async () => {
      const rows = await notificationsOfTicket(ticketId);
      if (count !== undefined && rows.length !== count) return false;
      return rows.length > 0 && rows.every((r) => r.state !== "pending" && r.state !== "sending") && rows;
    },
    { message: `notifications of ${ticketId} to settle` },
  );
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  [studentEn, studentFr, adminA, adminB] = await Promise.all([
    createStudent({ locale: "en" }),
    createStudent(),
    createAdmin(),
    createAdmin({ locale: "en" }),
  ]);
});

beforeEach(() => {
  setCoalesceSeconds(0);
  smtp.setDataScript(() => "accept");
  smtp.setRcptScript(() => "accept");
});

afterEach(async () => {
  if (worker) await stopTestWorker(worker);
  worker = undefined;
});

afterAll(async () => {
  delete process.env.EMAIL_COALESCE_SECONDS;
  resetEnvCache();
  await smtp.close();
});

describe("a new request", () => {
  it("acknowledges it to the student in their language and tells every admin, with threading and unsubscribe headers", async () => {
    await startWorkerWith(smtp.url);
    const { id, number } = await newTicket(studentEn, "Cannot join the session");
    const rows = await settled(id);

    const ack = rows.filter((r) => r.type === "request_received");
    expect(ack.map((r) => r.recipient_email)).toEqual([studentEn.email]);
    expect(rows.filter((r) => r.type === "new_request").map((r) => r.recipient_email)).toEqual(
      expect.arrayContaining([adminA.email, adminB.email]),
    );
    // Never the student's own new_request, never an admin's acknowledgement.
    expect(rows.some((r) => r.type === "new_request" && r.recipient_id === studentEn.id)).toBe(false);

    const [mail] = smtp.mailsTo(studentEn.email);
    expect(mail).toBeDefined();
    const parsed = mail?.parsed;
    expect(parsed?.subject).toBe(`[Request #${number}] We received your request`);
    expect(parsed?.text).toContain("Your request was sent to the support team");
    expect(parsed?.text).toContain(`/en/connexion?retour=${encodeURIComponent(`/etudiant/demandes/${id}`)}`);
    expect(parsed?.html).toContain("View the request");
    const ackRow = ack[0] as TStoredNotification;
    expect(parsed?.messageId).toBe(`<email-${ackRow.id}@localhost>`);
    expect(parsed?.inReplyTo).toBe(`<ticket-${id}@localhost>`);
    expect(parsed?.references).toBe(`<ticket-${id}@localhost>`);
    expect(mail?.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    // Long header lines are folded: unfold before reading one.
    const unsubscribe = mail?.raw.replace(/\r?\n[ \t]+/g, " ").match(/^List-Unsubscribe: <([^>]+)>/im)?.[1];
    expect(unsubscribe).toMatch(/^http:\/\/localhost:3100\/api\/email\/unsubscribe\?token=/);

    const [adminMail] = smtp.mailsTo(adminA.email).filter((m) => m.parsed.subject?.includes(`${number}]`));
    expect(adminMail?.parsed.subject).toBe(`[Demande n° ${number}] Nouvelle demande : Cannot join the session`);
    expect(adminMail?.parsed.text).toContain(studentEn.email);
    const [adminMailEn] = smtp.mailsTo(adminB.email).filter((m) => m.parsed.subject?.includes(`#${number}]`));
    expect(adminMailEn?.parsed.subject).toBe(`[Request #${number}] New request: Cannot join the session`);
  });
});

describe("replies, notes and changes", () => {
  it("sends a support reply to the student (quoted), never to the admin who wrote it; an internal note and a priority change send nothing", async () => {
    await startWorkerWith(smtp.url);
    const { id, number } = await newTicket(studentFr);
    await settled(id);
    const before = smtp.received.length;

    await addTicketMessage(as(adminA), { ticketId: id, message: "NOTE-SECRETE ne pas montrer", isInternal: true });
    await updateTicketPriority(as(adminA), { ticketId: id, priority: "urgent", expectedVersion: await versionOf(id) });
    await addTicketMessage(as(adminA), { ticketId: id, message: "Bonjour, essayez avec Chrome, s'il vous plaît." });
    const rows = await settled(id);

    const replies = rows.filter((r) => r.type === "support_reply");
    expect(replies.map((r) => r.recipient_email)).toEqual([studentFr.email]);
    expect(rows.every((r) => r.recipient_id !== adminA.id || r.type === "new_request")).toBe(true);
    const mails = smtp.received.slice(before);
    expect(mails.map((m) => m.to)).toEqual([[studentFr.email]]);
    const mail = mails[0]?.parsed;
    expect(mail?.subject).toBe(`[Demande n° ${number}] Nouvelle réponse du soutien`);
    expect(mail?.text).toContain("Bonjour, essayez avec Chrome, s'il vous plaît.");
    expect(mail?.html).toContain("Réponse de l’équipe de soutien");
    // Never the internal note, the priority or the admin's name, anywhere.
    for (const m of smtp.received) expect(m.raw).not.toContain("NOTE-SECRETE");
    expect(mail?.text).not.toMatch(/urgent|urgente/i);
    expect(mail?.text).not.toContain(adminA.firstName);
    expect(rows.some((r) => JSON.stringify(r.data).includes("NOTE-SECRETE"))).toBe(false);
  });

  it("sends a student's reply to the assignee only, or to every admin when unassigned", async () => {
    await startWorkerWith(smtp.url);
    const { id } = await newTicket(studentFr);
    await settled(id);
    await addTicketMessage(as(studentFr), { ticketId: id, message: "Toujours pas réglé." });
    let rows = await settled(id);
    expect(rows.filter((r) => r.type === "student_reply").map((r) => r.recipient_email)).toEqual(
      expect.arrayContaining([adminA.email, adminB.email]),
    );
    expect(rows.some((r) => r.recipient_id === studentFr.id && r.type !== "request_received")).toBe(false);

    await assignTicket(as(adminA), { ticketId: id, assigneeId: adminB.id, expectedVersion: await versionOf(id) });
    await addTicketMessage(as(studentFr), { ticketId: id, message: "Une autre précision." });
    rows = await settled(id);
    const assigned = rows.filter((r) => r.type === "ticket_assigned");
    expect(assigned.map((r) => r.recipient_email)).toEqual([adminB.email]);
    const second = rows.filter((r) => r.type === "student_reply" && r.data.message === "Une autre précision.");
    expect(second.map((r) => r.recipient_email)).toEqual([adminB.email]);
    const mail = smtp.mailsTo(adminB.email).find((m) => m.parsed.text?.includes("Une autre précision."));
    expect(mail?.parsed.subject).toMatch(/^\[Request #\d+\] New reply from the student$/);
  });

  it("tells a deactivated admin nothing: not queued after, not sent if queued before; their requests' replies go to the team", async () => {
    const leaving = await createAdmin();
    const { id } = await newTicket(studentFr);
    await assignTicket(as(adminA), { ticketId: id, assigneeId: leaving.id, expectedVersion: await versionOf(id) });
    expect((await notificationsOfTicket(id)).filter((r) => r.recipient_id === leaving.id).map((r) => r.type)).toEqual([
      "new_request",
      "ticket_assigned",
    ]);
    await updateAccount(as(adminA), { userId: leaving.id, active: false });

    // The student's reply on the request still assigned to them reaches the active team instead.
    await addTicketMessage(as(studentFr), { ticketId: id, message: "Quelqu'un est là?" });
    const other = await newTicket(studentEn);
    await startWorkerWith(smtp.url);
    const rows = await settled(id);
    const replies = rows.filter((r) => r.type === "student_reply").map((r) => r.recipient_email);
    expect(replies.sort()).toEqual([adminA.email, adminB.email].sort());
    const theirs = rows.filter((r) => r.recipient_id === leaving.id);
    expect(theirs.map((r) => [r.type, r.state, r.state_reason])).toEqual([
      ["new_request", "failed", "deactivated"],
      ["ticket_assigned", "failed", "deactivated"],
    ]);
    expect((await settled(other.id)).some((r) => r.recipient_id === leaving.id)).toBe(false);
    expect(smtp.mailsTo(leaving.email)).toEqual([]);
  });

  it("does not tell an admin of an assignment they made to themselves", async () => {
    const { id } = await newTicket(studentFr);
    await assignTicket(as(adminA), { ticketId: id, assigneeId: adminA.id, expectedVersion: await versionOf(id) });
    const rows = await notificationsOfTicket(id);
    expect(rows.filter((r) => r.type === "ticket_assigned")).toEqual([]);
  });

  it("tells the student when their request is resolved (reply to reopen) and closed, but not when they close it themselves", async () => {
    await startWorkerWith(smtp.url);
    const { id, number } = await newTicket(studentEn);
    await updateTicketStatus(as(adminA), { ticketId: id, status: "resolved", expectedVersion: await versionOf(id) });
    await updateTicketStatus(as(adminA), { ticketId: id, status: "closed", expectedVersion: await versionOf(id) });
    const rows = await settled(id);
    expect(rows.filter((r) => r.recipient_id === studentEn.id).map((r) => r.type)).toEqual([
      "request_received",
      "request_resolved",
      "request_closed",
    ]);
    const subjects = smtp.mailsTo(studentEn.email).map((m) => m.parsed.subject);
    expect(subjects).toContain(`[Request #${number}] Your request was resolved`);
    expect(subjects).toContain(`[Request #${number}] Your request was closed`);
    const resolved = smtp.mailsTo(studentEn.email).find((m) => m.parsed.subject?.includes("resolved"));
    expect(resolved?.parsed.text).toContain("reply in the request to reopen it");

    const other = await newTicket(studentFr);
    await closeTicket(as(studentFr), other.id);
    const otherRows = await notificationsOfTicket(other.id);
    expect(otherRows.filter((r) => r.type === "request_closed")).toEqual([]);
  });
});

describe("coalescing", () => {
  it("sends two replies within the window as one email, at the end of the window", async () => {
    setCoalesceSeconds(1);
    await startWorkerWith(smtp.url);
    const { id } = await newTicket(studentFr);
    await settled(id);
    const before = smtp.mailsTo(studentFr.email).length;
    await addTicketMessage(as(adminA), { ticketId: id, message: "Première réponse." });
    await addTicketMessage(as(adminB), { ticketId: id, message: "Deuxième réponse." });
    const rows = await settled(id);
    const replies = rows.filter((r) => r.type === "support_reply");
    expect(replies.map((r) => r.state).sort()).toEqual(["merged", "sent"]);
    const mails = smtp.mailsTo(studentFr.email).slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.subject).toMatch(/2 nouvelles réponses du soutien$/);
    expect(mails[0]?.parsed.text).toContain("Première réponse.");
    expect(mails[0]?.parsed.text).toContain("Deuxième réponse.");
  });
});

describe("delivery", () => {
  it("never sends an email twice when its job runs again", async () => {
    const { id } = await newTicket(studentFr);
    const [ack] = (await notificationsOfTicket(id)).filter((r) => r.type === "request_received");
    const before = smtp.mailsTo(studentFr.email).length;
    const client = await testPool().connect();
    try {
      const options = { config: testEmailConfig(smtp.url) };
      await Promise.all([
        sendEmailBatch(client, ack?.batch_key ?? "", options),
        (async () => {
          const other = await testPool().connect();
          try {
            await sendEmailBatch(other, ack?.batch_key ?? "", options);
          } finally {
            other.release();
          }
        })(),
      ]);
      await sendEmailBatch(client, ack?.batch_key ?? "", options);
    } finally {
      client.release();
    }
    expect(smtp.mailsTo(studentFr.email).length - before).toBe(1);
    const [row] = (await notificationsOfTicket(id)).filter((r) => r.type === "request_received");
    expect(row).toMatchObject({ state: "sent", attempts: 1 });
  });

  it.each([421, 451])("retries after %i and then sends once", async (code) => {
    let refused = 0;
    smtp.setDataScript((_index, to) => {
      if (to.includes(studentEn.email) && refused === 0) {
        refused++;
        return { code, message: "Try again later" };
      }
      return "accept";
    });
    await startWorkerWith(smtp.url);
    const before = smtp.mailsTo(studentEn.email).length;
    const { id } = await newTicket(studentEn);
    const rows = await settled(id);
    const [ack] = rows.filter((r) => r.type === "request_received");
    expect(ack).toMatchObject({ state: "sent", attempts: 2 });
    expect(ack?.last_error).toBeNull();
    expect(smtp.mailsTo(studentEn.email).length - before).toBe(1);
  });

  it("fails for good on 550 (recorded, not retried)", async () => {
    const unknown = await createStudent();
    smtp.setRcptScript((address) =>
      address === unknown.email ? { code: 550, message: "5.1.1 Mailbox unknown" } : "accept",
    );
    await startWorkerWith(smtp.url);
    const { id } = await newTicket(unknown);
    const rows = await settled(id);
    const [ack] = rows.filter((r) => r.type === "request_received");
    expect(ack).toMatchObject({ state: "failed", state_reason: "rejected", attempts: 1 });
    expect(ack?.last_error).toMatch(/^SMTP 550/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await notificationsOfTicket(id)).find((r) => r.id === ack?.id)?.attempts).toBe(1);
  });

  it("keeps rendered emails in the database when no SMTP server is configured", async () => {
    await startWorkerWith(null);
    const before = smtp.received.length;
    const { id, number } = await newTicket(studentFr);
    const rows = await settled(id);
    const [ack] = rows.filter((r) => r.type === "request_received");
    expect(ack).toMatchObject({ state: "kept", subject: `[Demande n° ${number}] Nous avons bien reçu votre demande` });
    expect(ack?.html_body).toContain("Voir la demande");
    expect(ack?.text_body).toContain("Votre demande a été transmise à l’équipe de soutien");
    expect(smtp.received.length).toBe(before);
  });
});

describe("preferences and unsubscribe", () => {
  it("a type switched off is not written for that user; the others still are", async () => {
    const student = await createStudent();
    await setNotificationPreference(as(student), { type: "request_received", enabled: false });
    const prefs = await getNotificationPreferences(as(student));
    expect(prefs).toEqual(
      expect.arrayContaining([
        { type: "request_received", enabled: false, inApp: true },
        { type: "support_reply", enabled: true, inApp: true },
      ]),
    );
    expect(prefs.map((p) => p.type)).not.toContain("new_request");
    const { id } = await newTicket(student);
    await addTicketMessage(as(adminA), { ticketId: id, message: "Réponse." });
    const rows = (await notificationsOfTicket(id)).filter((r) => r.recipient_id === student.id);
    expect(rows.map((r) => r.type)).toEqual(["support_reply"]);
  });

  it("a student cannot switch an admin-only type", async () => {
    await expect(
      setNotificationPreference(as(studentFr), { type: "new_request", enabled: false }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a valid token switches its type off; a forged or expired one is refused", async () => {
    const student = await createStudent();
    const token = await createUnsubscribeToken(student.id, "support_reply", 30);
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    const otherType = token.replace(".support_reply.", ".request_closed.");
    const expired = await createUnsubscribeToken(student.id, "support_reply", 1, Date.now() - 3 * 86_400_000);
    expect(await unsubscribeWithToken(forged)).toEqual({ ok: false, reason: "invalid" });
    expect(await unsubscribeWithToken(otherType)).toEqual({ ok: false, reason: "invalid" });
    expect(await unsubscribeWithToken(expired)).toEqual({ ok: false, reason: "expired" });
    expect(await unsubscribeWithToken("garbage")).toEqual({ ok: false, reason: "invalid" });
    expect((await getNotificationPreferences(as(student))).find((p) => p.type === "support_reply")?.enabled).toBe(true);

    expect(await unsubscribeWithToken(token)).toEqual({ ok: true, type: "support_reply" });
    expect((await verifyUnsubscribeToken(token)).ok).toBe(true);
    const prefs = await getNotificationPreferences(as(student));
    expect(prefs.filter((p) => !p.enabled).map((p) => p.type)).toEqual(["support_reply"]);
  });
});
