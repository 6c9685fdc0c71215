/**
 * Replies by email (issue 13, "In"), on real things: notification rows written by the ticket
 * services, real emails sent with nodemailer to the inbound SMTP listener (smtp-server +
 * mailparser), the provider endpoint called with a Request, the outbox's worker sending the
 * closed-request answer to a real SMTP server. Each rule: the signed reply address, the sender,
 * quote and signature stripping, attachments through the upload checks, the closed-request
 * answer, automatic mail ignored (no loops), a retry processed once, the HTTP secret.
 */
import nodemailer, { type SendMailOptions } from "nodemailer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleInboundEmailWebhook, receiveInboundEmail, startInboundSmtpServer } from "@/features/email-replies";
import type { TInboundSmtpServer } from "@/features/email-replies/smtp-listener";
import { createReplyToken, replyTokenOfAddress, verifyReplyToken } from "@/features/notifications/reply-token";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { PNG_1x1, tinyExe } from "../support/attachment-samples";
import { asServiceRole, clearLeftoverWork, rowsOf } from "../support/db";
import { notificationsOfTicket, startSmtpServer, type TSmtpServer, testEmailConfig } from "../support/email";
import { startTestWorker, stopTestWorker, type TTestWorker, waitFor } from "../support/webhooks";

let inbound: TInboundSmtpServer;
let smtp: TSmtpServer;
let worker: TTestWorker | undefined;
let student: TUserRow;
let otherStudent: TUserRow;
let admin: TUserRow;

const as = (user: TUserRow): TSessionUser => sessionUserOf(user);
const SECRET = "inbound-test-secret-0123456789";

type TMessageRow = { user_id: string; message: string; is_internal: boolean };

async function messagesOf(ticketId: string): Promise<TMessageRow[]> {
  return rowsOf(
    await asServiceRole<TMessageRow>(
      "select user_id, message, is_internal from ticket_messages where ticket_id = $1 order by created_at, id",
      [ticketId],
    ),
  );
}

async function attachmentsOf(ticketId: string) {
  return rowsOf(
    await asServiceRole<{ file_name: string; file_type: string; message_id: string | null }>(
      "select file_name, file_type, message_id from ticket_attachments where ticket_id = $1 order by created_at",
      [ticketId],
    ),
  );
}

async function inboundLog(ticketId: string | null = null) {
  return rowsOf(
    await asServiceRole<{ outcome: string; detail: string | null; user_id: string | null }>(
      ticketId
        ? "select outcome, detail, user_id from inbound_emails where ticket_id = $1 order by created_at"
        : "select outcome, detail, user_id from inbound_emails order by created_at",
      ticketId ? [ticketId] : [],
    ),
  );
}

async function versionOf(ticketId: string): Promise<number> {
  const [row] = rowsOf(
    await asServiceRole<{ version: number }>("select version from support_tickets where id = $1", [ticketId]),
  );
  return row?.version ?? 0;
}

/** A request by `owner` and the reply address of the email its owner (or `recipient`) got about it. */
async function ticketWithReplyAddress(owner: TUserRow, recipient: TUserRow = owner) {
  const ticket = await createSupportTicket(as(owner), {
    subject: "Le lien de la séance ne fonctionne pas",
    description: "Bonjour, je n'arrive pas à rejoindre la séance de ce soir.",
    category: "soutien-technique",
  });
  const rows = await notificationsOfTicket(ticket.id);
  const row = rows.find((r) => r.recipient_id === recipient.id);
  if (!row) throw new Error("no notification for the recipient");
  const address = `soutien+${await createReplyToken(row.id)}@example.com`;
  return { ...ticket, notificationId: row.id, address };
}

const transport = () =>
  nodemailer.createTransport({ host: "127.0.0.1", port: inbound.port, secure: false, ignoreTLS: true });

function sendReply(mail: SendMailOptions) {
  return transport().sendMail({ subject: "Re: [Demande n° 1] Nouvelle réponse du soutien", ...mail });
}

const QUOTED_REPLY = [
  "Merci, ça fonctionne maintenant avec Chrome!",
  "",
  "Cordialement,",
  "Émilie",
  "",
  "Le mar. 1 déc. 2026 à 10:00, Soutien <soutien@example.com> a écrit :",
  "> Bonjour, essayez avec Chrome, s'il vous plaît.",
  "> HISTORIQUE-CITE",
].join("\n");

beforeAll(async () => {
  // Replies leave at once here (the coalescing window has its own tests).
  process.env.EMAIL_COALESCE_SECONDS = "0";
  resetEnvCache();
  inbound = await startInboundSmtpServer({ port: 0, host: "127.0.0.1", maxBytes: 5 * 1024 * 1024 });
  smtp = await startSmtpServer();
  [student, otherStudent, admin] = await Promise.all([createStudent(), createStudent({ locale: "en" }), createAdmin()]);
});

afterEach(async () => {
  if (worker) await stopTestWorker(worker);
  worker = undefined;
  delete process.env.MAIL_INBOUND_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.EMAIL_COALESCE_SECONDS;
  resetEnvCache();
  await inbound.close();
  await smtp.close();
});

describe("the signed reply address", () => {
  it("names one email row, and any change to it is refused", async () => {
    const id = "3f1b0c2e-5d4a-4b6f-9e8d-7c6b5a493827";
    const token = await createReplyToken(id);
    expect(token).toMatch(/^[a-z2-7]{42}$/);
    expect(token).not.toContain(id.replace(/-/g, ""));
    expect(await verifyReplyToken(token)).toBe(id);
    expect(await verifyReplyToken(token.toUpperCase())).toBe(id);
    // One character changed, in the id or in the signature: refused.
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "a" ? "b" : "a") + text.slice(at + 1);
    expect(await verifyReplyToken(flip(token, 3))).toBeNull();
    expect(await verifyReplyToken(flip(token, 40))).toBeNull();
    expect(await verifyReplyToken(token.slice(0, 41))).toBeNull();
    expect(replyTokenOfAddress(`soutien+${token}@example.com`)).toBe(token);
    expect(`soutien+${token}`.length).toBeLessThanOrEqual(64);
  });
});

describe("a reply by email", () => {
  it("becomes the student's message, quote and signature cut, an accepted file kept and a refused one left out", async () => {
    const ticket = await ticketWithReplyAddress(student);
    await sendReply({
      from: `Émilie <${student.email.toUpperCase()}>`,
      to: ticket.address,
      text: QUOTED_REPLY,
      attachments: [
        { filename: "capture.png", content: PNG_1x1 },
        { filename: "outil.exe", content: tinyExe() },
      ],
    });
    const messages = await waitFor(async () => {
      const rows = await messagesOf(ticket.id);
      return rows.length > 0 && rows;
    });
    expect(messages).toEqual([
      { user_id: student.id, message: "Merci, ça fonctionne maintenant avec Chrome!", is_internal: false },
    ]);
    const files = await attachmentsOf(ticket.id);
    expect(files.map((f) => [f.file_name, f.file_type])).toEqual([["capture.png", "image/png"]]);
    expect(files[0]?.message_id).not.toBeNull();
    const [logged] = await inboundLog(ticket.id);
    expect(logged?.outcome).toBe("added");
    expect(logged?.detail).toContain("FILE_TYPE_REFUSED");
    // Through the reply service: the admins are told as for a reply typed in the app.
    const rows = await notificationsOfTicket(ticket.id);
    expect(rows.some((r) => r.type === "student_reply" && r.recipient_id === admin.id)).toBe(true);
  });

  it("from an admin is a public reply, and the student is told by email", async () => {
    const ticket = await ticketWithReplyAddress(student, admin);
    await sendReply({
      from: admin.email,
      to: ticket.address,
      text: "Bonjour, le lien est réparé.\n\nOn Tue, Dec 1, 2026 at 10:00 AM Someone <x@example.com> wrote:\n> old",
    });
    const messages = await waitFor(async () => {
      const rows = await messagesOf(ticket.id);
      return rows.length > 0 && rows;
    });
    expect(messages).toEqual([{ user_id: admin.id, message: "Bonjour, le lien est réparé.", is_internal: false }]);
    const rows = await notificationsOfTicket(ticket.id);
    expect(rows.filter((r) => r.type === "support_reply").map((r) => r.recipient_id)).toEqual([student.id]);
  });

  it("that is empty once the quote is cut adds nothing", async () => {
    const ticket = await ticketWithReplyAddress(student);
    const result = await receiveInboundEmail(
      Buffer.from(
        `From: ${student.email}\r\nTo: ${ticket.address}\r\nSubject: Re\r\nMessage-ID: <empty-${ticket.id}@test>\r\n\r\n\r\nLe lun. 30 nov. 2026, Soutien a écrit :\r\n> tout\r\n`,
      ),
      { source: "http" },
    );
    expect(result.outcome).toBe("ignored_empty");
    expect(await messagesOf(ticket.id)).toEqual([]);
  });
});

describe("refused replies", () => {
  it("refuses a forged address at RCPT, and a forged or foreign token when it gets through", async () => {
    const ticket = await ticketWithReplyAddress(student);
    const token = ticket.address.slice("soutien+".length, ticket.address.indexOf("@"));
    const forged = `soutien+${token.slice(0, 41)}${token[41] === "a" ? "b" : "a"}@example.com`;
    await expect(sendReply({ from: student.email, to: "soutien@example.com", text: "Salut" })).rejects.toMatchObject({
      responseCode: 550,
    });
    // A well-formed address passes RCPT; its signature is checked on the message.
    await sendReply({ from: student.email, to: forged, text: "Message forgé" });
    const result = await receiveInboundEmail(
      Buffer.from(`From: ${student.email}\r\nTo: ${forged}\r\nSubject: x\r\n\r\nMessage forgé\r\n`),
      { source: "http" },
    );
    expect(result).toEqual({ outcome: "refused", detail: "token_invalid" });
    expect(await messagesOf(ticket.id)).toEqual([]);
  });

  it("never attributes a message to anyone but the token's user", async () => {
    const ticket = await ticketWithReplyAddress(student);
    const result = await receiveInboundEmail(
      Buffer.from(
        `From: ${otherStudent.email}\r\nTo: ${ticket.address}\r\nMessage-ID: <other-${ticket.id}@test>\r\nSubject: Re\r\n\r\nJe réponds à la place.\r\n`,
      ),
      { source: "http" },
    );
    expect(result).toEqual({ outcome: "refused", detail: "sender_mismatch" });
    expect(await messagesOf(ticket.id)).toEqual([]);
  });

  it("refuses an expired reply address", async () => {
    const ticket = await ticketWithReplyAddress(student);
    await asServiceRole(
      "update email_notifications set created_at = now() - interval '400 days' where id = $1",
      [ticket.notificationId],
      { commit: true },
    );
    const result = await receiveInboundEmail(
      Buffer.from(`From: ${student.email}\r\nTo: ${ticket.address}\r\nSubject: Re\r\n\r\nTrop tard?\r\n`),
      { source: "http" },
    );
    expect(result).toEqual({ outcome: "refused", detail: "token_expired" });
    expect(await messagesOf(ticket.id)).toEqual([]);
  });
});

describe("automatic mail (no loops)", () => {
  it.each([
    ["Auto-Submitted: auto-replied", "auto_submitted"],
    ["Precedence: bulk", "precedence"],
    ["X-Autoreply: yes", "autoreply"],
    ["List-Id: <annonces.example.com>", "list"],
    ["Content-Type: multipart/report; report-type=delivery-status; boundary=b", "bounce"],
  ])("ignores a reply with %s, even to a closed request (no answer)", async (header, reason) => {
    const ticket = await ticketWithReplyAddress(student);
    await updateTicketStatus(as(admin), {
      ticketId: ticket.id,
      status: "closed",
      expectedVersion: await versionOf(ticket.id),
    });
    const body = header.startsWith("Content-Type")
      ? "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--b--\r\n"
      : "Je suis absente jusqu'au 5 janvier.\r\n";
    const result = await receiveInboundEmail(
      Buffer.from(`From: ${student.email}\r\nTo: ${ticket.address}\r\nSubject: Absente\r\n${header}\r\n\r\n${body}`),
      { source: "http" },
    );
    expect(result).toEqual({ outcome: "ignored_automatic", detail: reason });
    expect(await messagesOf(ticket.id)).toEqual([]);
    expect((await notificationsOfTicket(ticket.id)).some((r) => r.type === "reply_closed")).toBe(false);
  });

  it("ignores a bounce (empty envelope sender) at the SMTP listener", async () => {
    const ticket = await ticketWithReplyAddress(student);
    await transport().sendMail({
      envelope: { from: "", to: [ticket.address] },
      from: "MAILER-DAEMON@example.com",
      to: ticket.address,
      subject: "Undelivered Mail Returned to Sender",
      text: "This is the mail system.",
    });
    const log = await waitFor(async () => {
      const rows = await inboundLog();
      return rows.find((r) => r.detail === "bounce");
    });
    expect(log.outcome).toBe("ignored_automatic");
    expect(await messagesOf(ticket.id)).toEqual([]);
  });

  it("processes the same email once (a provider's retry)", async () => {
    const ticket = await ticketWithReplyAddress(student);
    const raw = Buffer.from(
      `From: ${student.email}\r\nTo: ${ticket.address}\r\nMessage-ID: <once-${ticket.id}@test>\r\nSubject: Re\r\n\r\nUne seule fois.\r\n`,
    );
    expect((await receiveInboundEmail(raw, { source: "http" })).outcome).toBe("added");
    expect((await receiveInboundEmail(raw, { source: "http" })).outcome).toBe("duplicate");
    expect((await messagesOf(ticket.id)).map((m) => m.message)).toEqual(["Une seule fois."]);
  });
});

describe("a reply to a closed request", () => {
  it("adds nothing and answers once, automatically, to create a new request", async () => {
    const ticket = await ticketWithReplyAddress(otherStudent);
    await updateTicketStatus(as(admin), {
      ticketId: ticket.id,
      status: "closed",
      expectedVersion: await versionOf(ticket.id),
    });
    // The emails queued so far (every admin of the run, for each request of this file) stay unsent:
    // the answer waited for is the only email the worker has to send.
    await clearLeftoverWork();
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), pollIntervalMs: 100 });
    await sendReply({
      from: otherStudent.email,
      to: ticket.address,
      messageId: `<closed-${ticket.id}@client.test>`,
      text: "I still have the problem.",
    });
    const mail = await waitFor(() =>
      smtp.mailsTo(otherStudent.email).find((m) => m.parsed.subject?.includes("please create a new request")),
    );
    expect(await messagesOf(ticket.id)).toEqual([]);
    expect(mail.parsed.subject).toBe(`[Request #${ticket.number}] This request is closed: please create a new request`);
    expect(mail.parsed.text).toContain("your email was not added");
    expect(mail.parsed.inReplyTo).toBe(`<closed-${ticket.id}@client.test>`);
    expect(mail.raw).toMatch(/^Auto-Submitted: auto-replied\r?$/im);
    // No reply address and no unsubscribe on an automatic answer: nothing to loop on.
    expect(mail.parsed.replyTo).toBeUndefined();
    expect(mail.raw).not.toMatch(/^List-Unsubscribe:/im);
    const answers = (await notificationsOfTicket(ticket.id)).filter((r) => r.type === "reply_closed");
    expect(answers).toHaveLength(1);
  });
});

describe("notification emails carry their reply address", () => {
  it("sets a Reply-To whose token names that email's row", async () => {
    // The emails the tests above queued (every admin of the run, for each of their requests) stay unsent.
    await clearLeftoverWork();
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), pollIntervalMs: 100 });
    const ticket = await createSupportTicket(as(student), {
      subject: "Adresse de réponse",
      description: "Bonjour, je vérifie l'adresse de réponse.",
      category: "soutien-technique",
    });
    const mail = await waitFor(() =>
      smtp.mailsTo(student.email).find((m) => m.parsed.subject?.includes(`n° ${ticket.number}]`)),
    );
    const replyTo = mail.parsed.replyTo?.value[0]?.address ?? "";
    expect(replyTo).toMatch(/^soutien\+[a-z2-7]{42}@example\.com$/);
    const row = (await notificationsOfTicket(ticket.id)).find((r) => r.recipient_id === student.id);
    expect(await verifyReplyToken(replyTokenOfAddress(replyTo) ?? "")).toBe(row?.id);
  });
});

describe("the provider endpoint (POST /api/email/inbound)", () => {
  const post = (body: BodyInit, headers: Record<string, string>) =>
    handleInboundEmailWebhook(new Request("http://localhost/api/email/inbound", { method: "POST", body, headers }));

  it("is off without a secret, refuses a wrong one, and takes the raw message with the right one", async () => {
    const ticket = await ticketWithReplyAddress(student);
    const raw = `From: ${student.email}\r\nTo: ${ticket.address}\r\nMessage-ID: <http-${ticket.id}@test>\r\nSubject: Re\r\n\r\nPar le fournisseur.\r\n`;
    expect((await post(raw, { "content-type": "message/rfc822", authorization: `Bearer ${SECRET}` })).status).toBe(404);

    process.env.MAIL_INBOUND_SECRET = SECRET;
    resetEnvCache();
    expect(
      (await post(raw, { "content-type": "message/rfc822", authorization: "Bearer wrong-secret-000000" })).status,
    ).toBe(401);
    const form = new FormData();
    form.set("email", raw);
    form.set("envelope", JSON.stringify({ to: [ticket.address], from: student.email }));
    expect((await post(form, {})).status).toBe(401);
    expect(await messagesOf(ticket.id)).toEqual([]);

    const basic = `Basic ${Buffer.from(`inbound:${SECRET}`).toString("base64")}`;
    const response = await post(form, { authorization: basic });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: "added" });
    expect((await messagesOf(ticket.id)).map((m) => m.message)).toEqual(["Par le fournisseur."]);
  });
});

describe("internal notes", () => {
  it("never leave by email, and a reply by email is never internal", async () => {
    // The emails the tests above queued (every admin of the run, for each of their requests) stay unsent.
    await clearLeftoverWork();
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), pollIntervalMs: 100 });
    const ticket = await ticketWithReplyAddress(student);
    await addTicketMessage(as(admin), { ticketId: ticket.id, message: "NOTE-INTERNE-EMAIL", isInternal: true });
    await addTicketMessage(as(admin), { ticketId: ticket.id, message: "Réponse publique." });
    await waitFor(() => smtp.mailsTo(student.email).find((m) => m.parsed.text?.includes("Réponse publique.")));
    for (const mail of smtp.received) expect(mail.raw).not.toContain("NOTE-INTERNE-EMAIL");
    const rows = await notificationsOfTicket(ticket.id);
    expect(rows.some((r) => JSON.stringify(r.data).includes("NOTE-INTERNE-EMAIL"))).toBe(false);
  });
});
