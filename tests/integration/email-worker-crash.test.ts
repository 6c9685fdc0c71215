/**
 * A worker process killed (SIGKILL) in the middle of sending an email: the message reached the
 * SMTP server but the worker never heard the reply, so it may or may not have left. A new
 * worker never sends it a second time: the row stays "sending" until the sweep marks it failed
 * ("interrupted"), visible in the admin log. The same test runs the real `npm run worker`
 * process, so the email is rendered through the render child (react-server condition).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { createStudent, sessionUserOf } from "../factories";
import { testDatabaseUrl } from "../support/db";
import { notificationsOfTicket, startSmtpServer, type TSmtpServer, testEmailConfig } from "../support/email";
import { startTestWorker, stopTestWorker, type TTestWorker, waitFor } from "../support/webhooks";

let smtp: TSmtpServer;
let child: ChildProcess | undefined;
let worker: TTestWorker | undefined;

beforeAll(async () => {
  smtp = await startSmtpServer();
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  if (worker) await stopTestWorker(worker);
  worker = undefined;
});

afterAll(async () => {
  await smtp.close();
});

describe("a worker killed while sending an email", () => {
  it("does not send it again after a restart, and records it as interrupted", async () => {
    const student = await createStudent();
    // The end of DATA is never answered for this student: the worker waits when it is killed.
    smtp.setDataScript((_index, to) => (to.includes(student.email) ? "hold" : "accept"));
    const { id } = await createSupportTicket(sessionUserOf(student), {
      subject: "Problème de paiement",
      description: "Bonjour, mon paiement a été refusé deux fois.",
      category: "soutien-technique",
    });

    let output = "";
    child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", path.resolve("scripts/worker.ts")],
      {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: testDatabaseUrl(), SMTP_URL: smtp.url, WORKER_CONCURRENCY: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const dataBefore = smtp.dataCount();
    await waitFor(
      async () =>
        (await notificationsOfTicket(id)).some((r) => r.type === "request_received" && r.state === "sending") &&
        smtp.dataCount() > dataBefore,
      { timeoutMs: 45_000, message: "the worker process to be sending" },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${output}`);
    });
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const attemptsAtKill = smtp.dataCount();

    smtp.setDataScript(() => "accept");
    worker = await startTestWorker({ emailConfig: testEmailConfig(smtp.url), emailSendingLeaseMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The sweep runs every minute; run it now rather than wait.
    const queue = new pg.Client({ connectionString: testDatabaseUrl() });
    await queue.connect();
    await queue.query("select graphile_worker.add_job('sweep_emails', '{}'::json)").finally(() => queue.end());
    const [ack] = await waitFor(async () => {
      const rows = (await notificationsOfTicket(id)).filter((r) => r.type === "request_received");
      return rows[0]?.state === "failed" && rows;
    });
    expect(ack).toMatchObject({ state: "failed", state_reason: "interrupted", attempts: 1 });
    expect(smtp.dataCount()).toBe(attemptsAtKill);
    expect(smtp.mailsTo(student.email)).toEqual([]);
  }, 90_000);
});
