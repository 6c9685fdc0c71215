/**
 * Asynchronous bounces (issue 13), on real things: notifications sent by the worker with
 * nodemailer to a real SMTP server, whose envelope sender is the email's VERP address; delivery
 * reports (RFC 3464 multipart/report) sent with nodemailer to the real inbound SMTP listener, or
 * posted to the provider endpoint. A 5.x.x failure bounces the email and suspends the address
 * (nothing more is sent to it, until an admin lifts it); a delay, a forged or expired token, a
 * report about someone else change nothing; a bounce is never a message and never answered.
 */
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleInboundEmailWebhook, startInboundSmtpServer, type TInboundSmtpServer } from "@/features/email-replies";
import { bounceTokenOfAddress, verifyBounceToken } from "@/features/notifications/bounce-token";
import { createReplyToken, replyTokenOfAddress } from "@/features/notifications/reply-token";
import { liftEmailSuppression, resendFailedEmail } from "@/features/notifications/service/email-admin";
import { listEmailLog } from "@/features/notifications/service/list-email-log";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { asServiceRole, clearLeftoverWork, rowsOf } from "../support/db";
import {
  notificationsOfTicket,
  startSmtpServer,
  type TReceivedMail,
  type TSmtpServer,
  testEmailConfig,
} from "../support/email";
import { captureLogs } from "../support/logs";
import { startTestWorker, stopTestWorker, type TTestWorker, waitFor } from "../support/webhooks";

const DOMAIN = "replies.example.com";
const SECRET = "inbound-test-secret-0123456789";
/** Words a remote server put in its diagnostic: they must never reach our rows or logs. */
const PRIVATE = "PRIVE-DIAGNOSTIC-TEXTE";

let inbound: TInboundSmtpServer;
let smtp: TSmtpServer;
let worker: TTestWorker | undefined;
let admin: TUserRow;

const as = (user: TUserRow): TSessionUser => sessionUserOf(user);

type TReport = {
  to: string;
  finalRecipient: string;
  action?: string;
  status?: string;
  diagnostic?: string;
  id: string;
  /** The To header, when it is not the bounce address (a relay that rewrote it). */
  toHeader?: string;
};

/** A delivery report as Postfix writes one: multipart/report with a message/delivery-status part. */
function deliveryReport(report: TReport): string {
  const recipient = [
    `Final-Recipient: rfc822; ${report.finalRecipient}`,
    `Original-Recipient: rfc822;${report.finalRecipient}`,
    report.action === undefined ? "Action: failed" : `Action: ${report.action}`,
    report.status === undefined ? "Status: 5.1.1" : `Status: ${report.status}`,
    "Remote-MTA: dns; mx.example.org",
    `Diagnostic-Code: smtp; ${report.diagnostic ?? `550 5.1.1 <${report.finalRecipient}>: Recipient address rejected:`}`,
    `    ${PRIVATE} User unknown in virtual mailbox table`,
  ].join("\r\n");
  return [
    "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)",
    `To: ${report.toHeader ?? report.to}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <report-${report.id}@mx.example.net>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B-1"',
    "",
    "--B-1",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx.example.net.",
    `I'm sorry to have to inform you that your message could not be delivered. ${PRIVATE}`,
    "",
    "--B-1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.net",
    "Arrival-Date: Tue,  1 Dec 2026 10:00:00 -0500 (EST)",
    "",
    recipient,
    "",
    "--B-1",
    "Content-Type: text/rfc822-headers",
    "",
    "From: Soutien <soutien@example.com>",
    `Subject: ${PRIVATE}`,
    "",
    "--B-1--",
    "",
  ].join("\r\n");
}

/** Sends raw mail to the inbound listener as a relay does: null sender, RCPT the bounce address. */
async function sendToListener(to: string, raw: string) {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: inbound.port,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ envelope: { from: "", to: [to] }, raw });
}

async function inboundOutcome(id: string) {
  return waitFor(async () => {
    const [row] = rowsOf(
      await asServiceRole<{ outcome: string; detail: string | null; user_id: string | null; ticket_id: string | null }>(
        "select outcome, detail, user_id, ticket_id from inbound_emails where message_key = encode(sha256(convert_to($1, 'UTF8')), 'hex') and outcome <> 'processing'",
        [`<report-${id}@mx.example.net>`],
      ),
    );
    return row;
  });
}

async function rowOf(id: string) {
  const [row] = rowsOf(
    await asServiceRole<{ state: string; state_reason: string | null; last_error: string | null }>(
      "select state, state_reason, last_error from email_notifications where id = $1",
      [id],
    ),
  );
  return row;
}

async function suppressionOf(userId: string) {
  const [row] = rowsOf(
    await asServiceRole<{ email: string; reason: string; notification_id: string | null }>(
      "select email, reason, notification_id from email_suppressions where user_id = $1",
      [userId],
    ),
  );
  return row;
}

async function messageCount(ticketId: string) {
  const [row] = rowsOf(
    await asServiceRole<{ count: number }>("select count(*)::int as count from ticket_messages where ticket_id = $1", [
      ticketId,
    ]),
  );
  return row?.count ?? -1;
}

async function versionOf(ticketId: string): Promise<number> {
  const [row] = rowsOf(
    await asServiceRole<{ version: number }>("select version from support_tickets where id = $1", [ticketId]),
  );
  return row?.version ?? 0;
}

/** A request by `student`, and the acknowledgement the worker sent them (row, mail, bounce address). */
async function acknowledgedRequest(student: TUserRow) {
  const ticket = await createSupportTicket(as(student), {
    subject: "Le lien de la séance ne fonctionne pas",
    description: "Bonjour, je n'arrive pas à rejoindre la séance de ce soir.",
    category: "soutien-technique",
  });
  const mail: TReceivedMail = await waitFor(() =>
    smtp.mailsTo(student.email).find((m) => m.parsed.subject?.includes(`n° ${ticket.number}]`)),
  );
  // The relay's answer reaches us before the worker writes "sent": wait for it, as a report would.
  const row = await waitFor(async () =>
    (await notificationsOfTicket(ticket.id)).find((r) => r.recipient_id === student.id && r.state === "sent"),
  );
  return { ticket, row, mail, bounceAddress: mail.from };
}

beforeAll(async () => {
  process.env.EMAIL_COALESCE_SECONDS = "0";
  resetEnvCache();
  inbound = await startInboundSmtpServer({ port: 0, host: "127.0.0.1", maxBytes: 5 * 1024 * 1024 });
  smtp = await startSmtpServer();
  admin = await createAdmin();
  // What earlier files queued stays unsent: this worker sends only this file's emails.
  await clearLeftoverWork();
  worker = await startTestWorker({
    emailConfig: testEmailConfig(smtp.url, { inboundDomain: DOMAIN, bounceDomain: DOMAIN }),
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  if (worker) await stopTestWorker(worker);
  delete process.env.EMAIL_COALESCE_SECONDS;
  delete process.env.MAIL_INBOUND_SECRET;
  resetEnvCache();
  await inbound.close();
  await smtp.close();
});

describe("the envelope sender (VERP)", () => {
  it("is bounce+<signed token of the email's row>@<inbound domain>; From and Reply-To are unchanged", async () => {
    const student = await createStudent();
    const { row, mail, bounceAddress } = await acknowledgedRequest(student);
    expect(bounceAddress).toMatch(/^bounce\+[a-z2-7]{42}@replies\.example\.com$/);
    expect(`bounce+${bounceTokenOfAddress(bounceAddress)}`.length).toBeLessThanOrEqual(64);
    expect(await verifyBounceToken(bounceTokenOfAddress(bounceAddress) ?? "")).toBe(row.id);
    expect(mail.parsed.from?.value[0]?.address).toBe("soutien@example.com");
    const replyTo = mail.parsed.replyTo?.value[0]?.address ?? "";
    expect(replyTo).toMatch(/^soutien\+[a-z2-7]{42}@replies\.example\.com$/);
    // Each address has its own key: the reply token is no bounce token, and the other way round.
    expect(replyTokenOfAddress(replyTo)).not.toBe(bounceTokenOfAddress(bounceAddress));
    expect(await verifyBounceToken(replyTokenOfAddress(replyTo) ?? "")).toBeNull();
    expect(replyTokenOfAddress(bounceAddress)).toBeNull();
  });
});

describe("a permanent failure (5.1.1) reported later", () => {
  it("bounces the email, suspends the address, and nothing more is sent to it until an admin lifts it", async () => {
    const student = await createStudent();
    const { ticket, row, bounceAddress } = await acknowledgedRequest(student);
    const logs = captureLogs();
    try {
      await sendToListener(
        bounceAddress,
        deliveryReport({ to: bounceAddress, finalRecipient: student.email.toUpperCase(), id: row.id }),
      );
      expect(await inboundOutcome(row.id)).toEqual({
        outcome: "bounced",
        detail: "5.1.1",
        user_id: student.id,
        ticket_id: ticket.id,
      });
    } finally {
      logs.stop();
    }
    expect(await rowOf(row.id)).toEqual({
      state: "bounced",
      state_reason: "5.1.1",
      last_error: "DSN 5.1.1 (SMTP 550)",
    });
    expect(await suppressionOf(student.id)).toEqual({
      email: student.email,
      reason: "DSN 5.1.1 (SMTP 550)",
      notification_id: row.id,
    });
    // The Courriels log shows it, filtered by its own state; codes only.
    const log = await listEmailLog(as(admin), { state: "bounced", recipient: student.email });
    expect(log.items.map((i) => [i.id, i.state, i.stateReason])).toEqual([[row.id, "bounced", "5.1.1"]]);
    // Never a message, and no private text anywhere.
    expect(await messageCount(ticket.id)).toBe(0);
    const everything = JSON.stringify([
      await notificationsOfTicket(ticket.id),
      await suppressionOf(student.id),
      rowsOf(await asServiceRole("select * from inbound_emails where ticket_id = $1", [ticket.id])),
    ]);
    expect(everything).not.toContain(PRIVATE);
    expect(logs.text()).toContain('"outcome":"bounced"');
    expect(logs.text()).not.toContain(PRIVATE);
    expect(logs.text()).not.toContain(student.email);

    // Nothing more by email to that address: the reply is not even queued, and nothing is sent.
    const before = smtp.mailsTo(student.email).length;
    await addTicketMessage(as(admin), { ticketId: ticket.id, message: "Pouvez-vous préciser?" });
    expect((await notificationsOfTicket(ticket.id)).some((r) => r.type === "support_reply")).toBe(false);
    expect(await resendFailedEmail(as(admin), row.id)).toEqual({ ok: false, reason: "suppressed" });
    expect(smtp.mailsTo(student.email)).toHaveLength(before);

    // A second report about the same email (another Message-ID) changes nothing more: once lifted, lifted.
    await liftEmailSuppression(as(admin), student.id);
    await sendToListener(
      bounceAddress,
      deliveryReport({ to: bounceAddress, finalRecipient: student.email, id: `${row.id}-again` }),
    );
    expect((await inboundOutcome(`${row.id}-again`)).outcome).toBe("bounced");
    expect(await suppressionOf(student.id)).toBeUndefined();
    // "Renvoyer" takes a bounced email, once.
    const resent = await resendFailedEmail(as(admin), row.id);
    expect(resent.ok).toBe(true);
    await waitFor(() => smtp.mailsTo(student.email).length > before);
  });

  it("bounces the replies that left inside the same email too", async () => {
    const student = await createStudent();
    const { ticket } = await acknowledgedRequest(student);
    // Two replies in one email: the worker is stopped while they are queued, so they leave together.
    if (worker) await stopTestWorker(worker);
    worker = undefined;
    await addTicketMessage(as(admin), { ticketId: ticket.id, message: "Première réponse." });
    await addTicketMessage(as(admin), { ticketId: ticket.id, message: "Deuxième réponse." });
    worker = await startTestWorker({
      emailConfig: testEmailConfig(smtp.url, { inboundDomain: DOMAIN, bounceDomain: DOMAIN }),
      pollIntervalMs: 100,
    });
    const mail = await waitFor(() =>
      smtp.mailsTo(student.email).find((m) => m.parsed.text?.includes("Deuxième réponse.")),
    );
    const replies = await waitFor(async () => {
      const rows = (await notificationsOfTicket(ticket.id)).filter((r) => r.type === "support_reply");
      return rows.every((r) => r.state !== "sending") && rows;
    });
    expect(replies.map((r) => r.state).sort()).toEqual(["merged", "sent"]);
    const primary = replies.find((r) => r.state === "sent");
    expect(await verifyBounceToken(bounceTokenOfAddress(mail.from) ?? "")).toBe(primary?.id);
    await sendToListener(
      mail.from,
      deliveryReport({ to: mail.from, finalRecipient: student.email, id: `${primary?.id}` }),
    );
    expect((await inboundOutcome(`${primary?.id}`)).outcome).toBe("bounced");
    const after = (await notificationsOfTicket(ticket.id)).filter((r) => r.type === "support_reply");
    expect(after.map((r) => [r.state, r.state_reason])).toEqual([
      ["bounced", "5.1.1"],
      ["bounced", "5.1.1"],
    ]);
  });
});

describe("reports that change nothing", () => {
  it("a delay (4.4.1, Action: delayed) is logged, without private text, and nothing changes", async () => {
    const student = await createStudent();
    const { row, bounceAddress } = await acknowledgedRequest(student);
    const logs = captureLogs();
    try {
      await sendToListener(
        bounceAddress,
        deliveryReport({
          to: bounceAddress,
          finalRecipient: student.email,
          action: "delayed",
          status: "4.4.1",
          diagnostic: "X-Postfix; connect to mx.example.org[203.0.113.5]:25: Connection timed out",
          id: row.id,
        }),
      );
      expect((await inboundOutcome(row.id)).detail).toBe("transient 4.4.1");
    } finally {
      logs.stop();
    }
    expect((await rowOf(row.id))?.state).toBe("sent");
    expect(await suppressionOf(student.id)).toBeUndefined();
    const line = logs.lines().find((l) => l.outcome === "ignored_report");
    expect(line).toMatchObject({ scope: "email-replies", source: "smtp", detail: "transient 4.4.1" });
    expect(logs.text()).not.toContain(PRIVATE);
    expect(logs.text()).not.toContain(student.email);
  });

  it("a forged token, a reply token, an expired token, or a report about someone else change nothing", async () => {
    const student = await createStudent();
    const { row, bounceAddress } = await acknowledgedRequest(student);
    const token = bounceTokenOfAddress(bounceAddress) ?? "";
    const forged = `bounce+${token.slice(0, 41)}${token[41] === "a" ? "b" : "a"}@${DOMAIN}`;
    const replyAsBounce = `bounce+${await createReplyToken(row.id)}@${DOMAIN}`;
    const cases: [string, string, string, string][] = [
      [forged, student.email, `${row.id}-forged`, "bounce_token_invalid"],
      [replyAsBounce, student.email, `${row.id}-reply`, "bounce_token_invalid"],
      [bounceAddress, "someone.else@example.org", `${row.id}-other`, "bounce_recipient_mismatch"],
    ];
    for (const [to, finalRecipient, id, detail] of cases) {
      await sendToListener(to, deliveryReport({ to, finalRecipient, id }));
      expect(await inboundOutcome(id)).toMatchObject({ outcome: "refused", detail });
    }
    expect((await rowOf(row.id))?.state).toBe("sent");
    expect(await suppressionOf(student.id)).toBeUndefined();

    await asServiceRole("update email_notifications set sent_at = now() - interval '11 days' where id = $1", [row.id], {
      commit: true,
    });
    await sendToListener(
      bounceAddress,
      deliveryReport({ to: bounceAddress, finalRecipient: student.email, id: `${row.id}-late` }),
    );
    expect(await inboundOutcome(`${row.id}-late`)).toMatchObject({
      outcome: "refused",
      detail: "bounce_token_expired",
    });
    expect((await rowOf(row.id))?.state).toBe("sent");
    expect(await suppressionOf(student.id)).toBeUndefined();
  });

  it("refuses at RCPT an address that is neither a reply nor a bounce address", async () => {
    await expect(sendToListener(`bounce@${DOMAIN}`, "Subject: x\r\n\r\nx\r\n")).rejects.toMatchObject({
      responseCode: 550,
    });
  });
});

describe("a bounce is never a message and never answered", () => {
  it("on a closed request, even addressed to the reply address too, or written like a reply", async () => {
    const student = await createStudent();
    const { ticket, row, mail, bounceAddress } = await acknowledgedRequest(student);
    await updateTicketStatus(as(admin), {
      ticketId: ticket.id,
      status: "closed",
      expectedVersion: await versionOf(ticket.id),
    });
    const replyAddress = mail.parsed.replyTo?.value[0]?.address ?? "";
    // A report whose To header is the reply address (the envelope is the bounce address).
    await sendToListener(
      bounceAddress,
      deliveryReport({ to: bounceAddress, toHeader: replyAddress, finalRecipient: student.email, id: row.id }),
    );
    expect((await inboundOutcome(row.id)).outcome).toBe("bounced");
    // Mail to the bounce address that reads like the student's reply: still not a message.
    await nodemailer
      .createTransport({ host: "127.0.0.1", port: inbound.port, secure: false, ignoreTLS: true })
      .sendMail({
        envelope: { from: student.email, to: [bounceAddress] },
        from: student.email,
        to: replyAddress,
        subject: "Re: ma demande",
        messageId: `<report-${row.id}-human@mx.example.net>`,
        text: "J'ai encore le problème, merci de rouvrir.",
      });
    expect(await inboundOutcome(`${row.id}-human`)).toMatchObject({ outcome: "ignored_report", detail: "no_report" });
    expect(await messageCount(ticket.id)).toBe(0);
    expect((await notificationsOfTicket(ticket.id)).some((r) => r.type === "reply_closed")).toBe(false);
  });
});

describe("the provider endpoint (POST /api/email/inbound)", () => {
  it("takes a report for a bounce address as the SMTP listener does", async () => {
    const student = await createStudent();
    const { row, bounceAddress } = await acknowledgedRequest(student);
    process.env.MAIL_INBOUND_SECRET = SECRET;
    resetEnvCache();
    const form = new FormData();
    form.set("email", deliveryReport({ to: bounceAddress, finalRecipient: student.email, id: row.id }));
    form.set("envelope", JSON.stringify({ to: [bounceAddress], from: "" }));
    const response = await handleInboundEmailWebhook(
      new Request("http://localhost/api/email/inbound", {
        method: "POST",
        body: form,
        headers: { authorization: `Bearer ${SECRET}` },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, outcome: "bounced" });
    expect((await rowOf(row.id))?.state).toBe("bounced");
    expect((await suppressionOf(student.id))?.notification_id).toBe(row.id);
  });
});

describe("without an inbound domain", () => {
  it("keeps today's envelope sender (MAIL_FROM)", async () => {
    if (worker) await stopTestWorker(worker);
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), pollIntervalMs: 100 });
    const student = await createStudent();
    const { bounceAddress } = await acknowledgedRequest(student);
    expect(bounceAddress).toBe("soutien@example.com");
  });
});
