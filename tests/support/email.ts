/**
 * Helpers for the email notification tests (tests/integration/email-*.test.ts):
 * - a real SMTP server (smtp-server) on 127.0.0.1 whose answers each test scripts per
 *   recipient or per message (accept, 421/451/550, hold the reply forever), recording every
 *   message it accepted, parsed with mailparser;
 * - the notification rows read as service_role, after the queued expansions ran (what a worker
 *   does a moment after each change, migration 0044).
 */
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import type pg from "pg";
import { SMTPServer } from "smtp-server";
import type { TEmailConfig } from "@/features/notifications/config";
import { expandNotifications } from "@/features/notifications/worker/expand-notifications";
import { asServiceRole, rowsOf, testPool } from "./db";

export type TSmtpReply = "accept" | { code: number; message: string } | "hold";

/** `from`: the envelope sender (MAIL FROM), "" for a null sender. */
export type TReceivedMail = { from: string; to: string[]; raw: string; parsed: ParsedMail };

export type TSmtpServer = {
  port: number;
  url: string;
  received: TReceivedMail[];
  /** DATA commands that reached the end of the message (accepted or not). */
  dataCount: () => number;
  /** Decides the reply to each message's end of DATA (after RCPT), by its 0-based index. */
  setDataScript: (script: (index: number, to: string[]) => TSmtpReply) => void;
  setRcptScript: (script: (address: string) => TSmtpReply) => void;
  mailsTo: (address: string) => TReceivedMail[];
  close: () => Promise<void>;
};

function smtpError(reply: { code: number; message: string }): Error {
  const error = new Error(reply.message) as Error & { responseCode: number };
  error.responseCode = reply.code;
  return error;
}

export async function startSmtpServer(): Promise<TSmtpServer> {
  const received: TReceivedMail[] = [];
  let dataIndex = 0;
  let dataScript: (index: number, to: string[]) => TSmtpReply = () => "accept";
  let rcptScript: (address: string) => TSmtpReply = () => "accept";
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = rcptScript(address.address);
      if (reply === "accept") return callback();
      if (reply === "hold") return;
      return callback(smtpError(reply));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const reply = dataScript(dataIndex++, to);
        if (reply === "hold") return;
        if (reply !== "accept") return callback(smtpError(reply));
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        received.push({ from, to, raw, parsed: await simpleParser(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    dataCount: () => dataIndex,
    setDataScript: (script) => {
      dataScript = script;
    },
    setRcptScript: (script) => {
      rcptScript = script;
    },
    mailsTo: (address) => received.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function testEmailConfig(smtpUrl: string | null, overrides: Partial<TEmailConfig> = {}): TEmailConfig {
  return {
    smtpUrl,
    mailFrom: "Soutien <soutien@example.com>",
    coalesceSeconds: 0,
    requireTls: false,
    rejectUnauthorized: true,
    appUrl: "http://localhost:3100",
    unsubscribeTtlDays: 30,
    replyLocalPart: "soutien",
    inboundDomain: "example.com",
    bounceDomain: null,
    ...overrides,
  };
}

export type TStoredNotification = {
  id: string;
  type: string;
  recipient_id: string;
  recipient_email: string;
  locale: string;
  ticket_id: string | null;
  batch_key: string;
  data: Record<string, unknown>;
  state: string;
  state_reason: string | null;
  attempts: number;
  last_error: string | null;
  sent_with: string | null;
  message_id: string | null;
  subject: string | null;
  html_body: string | null;
  text_body: string | null;
};

/**
 * Runs the queued `expand_notifications` jobs with the worker's own code, as a worker would a
 * moment after each change, and removes them (graphile-worker's complete_jobs, which leaves a
 * job a running worker has locked: that worker expands it too, which writes nothing twice).
 * Returns how many jobs it ran. `pool`: another database's (the host-mode test's).
 */
export async function expandQueuedNotifications(pool: pg.Pool = testPool()): Promise<number> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ id: string; payload: unknown }>(
      `select j.id, j.payload from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'expand_notifications' and j.locked_at is null and j.run_at <= now()
        order by j.id`,
    );
    for (const job of rows) {
      await expandNotifications(client, job.payload);
      await client.query("select graphile_worker.complete_jobs(array[$1::bigint])", [job.id]);
    }
    return rows.length;
  } finally {
    client.release();
  }
}

export async function notificationsOfTicket(ticketId: string): Promise<TStoredNotification[]> {
  await expandQueuedNotifications();
  return rowsOf(
    await asServiceRole<TStoredNotification>(
      "select * from public.email_notifications where ticket_id = $1 order by created_at, id",
      [ticketId],
    ),
  );
}
