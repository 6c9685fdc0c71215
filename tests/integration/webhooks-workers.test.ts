/**
 * Delivery guarantees across workers (issue 5):
 * - a worker process killed (SIGKILL) in the middle of a delivery loses nothing: a new worker
 *   delivers the event after restart (at least once, same event_id);
 * - two workers running at once deliver each event exactly once;
 * - the events of one ticket arrive in the order they happened, even when the first one
 *   needs retries (the later ones wait), while other tickets are not held back.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { testDatabaseUrl, testPool } from "../support/db";
import {
  ACCEPTED,
  cleanUpWebhookTest,
  publishTestEvent,
  repliesPerEvent,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  storedAttemptsOf,
  storedWebhookEvent,
  storedWebhookEventsOf,
  type TReceiver,
  type TStoredWebhookEvent,
  testWebhookConfig,
  waitFor,
  waitForEventState,
} from "../support/webhooks";

let student: TUserRow;
let admin: TUserRow;
let asStudent: TSessionUser;
let asAdmin: TSessionUser;
let receiver: TReceiver;
let child: ChildProcess | undefined;

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asAdmin = sessionUserOf(admin);
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
  setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url });
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  await cleanUpWebhookTest();
});

/** `npm run worker` as a real process, sending to `endpointUrl`. */
function spawnWorkerProcess(endpointUrl: string): { process: ChildProcess; output: () => string } {
  let output = "";
  // Node itself with tsx as a loader (the `tsx` CLI would run the script in a grandchild
  // that SIGKILL does not reach).
  const worker = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", path.resolve("scripts/worker.ts")],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        MAKE_TICKET_WEBHOOK_URL: endpointUrl,
        WEBHOOK_TIMEOUT_MS: "30000",
        // One job at a time: the held delivery blocks everything else in that process.
        WORKER_CONCURRENCY: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  worker.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  worker.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { process: worker, output: () => output };
}

async function ticketWithCreatedEvent(subject: string): Promise<{ ticketId: string; createdEventId: string }> {
  const { id: ticketId } = await createSupportTicket(asStudent, {
    subject,
    description: "Bonjour, j'ai besoin d'aide avec ceci, merci.",
    category: "soutien-technique",
  });
  const [created] = await storedWebhookEventsOf(ticketId);
  if (!created) throw new Error("ticket.created was not recorded");
  return { ticketId, createdEventId: created.id };
}

describe("a worker killed in the middle of a delivery", () => {
  it("loses nothing: after a restart the event is delivered, with the same event_id", async () => {
    // The first request for the event is never answered: the worker is killed while it waits.
    receiver.setScript(repliesPerEvent({ hang: true }));
    const ticket = await createTicket({ userId: student.id });
    const eventId = await publishTestEvent(ticket.id);

    const worker = spawnWorkerProcess(receiver.url);
    child = worker.process;
    await waitFor(() => receiver.requestsFor(eventId).length === 1, {
      timeoutMs: 30_000,
      message: "the worker process to send the event",
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${worker.output()}`);
    });
    const exited = new Promise((resolve) => worker.process.once("exit", resolve));
    worker.process.kill("SIGKILL");
    await exited;

    // Mid-delivery: nothing was recorded as sent, and the dead worker's job is still locked.
    expect(await storedWebhookEvent(eventId)).toMatchObject({ state: "pending", attempts: 0 });
    const { rows: jobs } = await testPool().query<{ locked: boolean }>(
      "select locked_at is not null as locked from graphile_worker.jobs where key = $1",
      [`webhooks:ticket:${ticket.id}`],
    );
    expect(jobs).toEqual([{ locked: true }]);

    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const event = await waitForEventState(eventId, "delivered");

    expect(event.attempts).toBe(1);
    expect((await storedAttemptsOf(eventId)).map((attempt) => attempt.status_code)).toEqual([200]);
    // At least once: the interrupted request and the delivery after the restart, same event and body.
    const received = receiver.requestsFor(eventId);
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(new Set(received.map((request) => request.rawBody)).size).toBe(1);
  }, 60_000);
});

describe("two workers at once", () => {
  it("deliver each of 30 events exactly once, each ticket's in order", async () => {
    // Each worker sends its own API key, so a request shows which worker sent it. A timeout
    // well above the receiver's delay: in this process the same workers also render the tickets'
    // email notifications (React, in-process under Vitest), and a 300 ms timer that fires during
    // a render would make a worker resend legitimately (same event_id) and hide what this checks:
    // that two workers never both send one event.
    receiver.setScript(() => ({ ...ACCEPTED, delayMs: Math.floor(Math.random() * 15) }));
    const config = (apiKey: string) => testWebhookConfig(receiver.url, { apiKey, timeoutMs: 5_000 });
    await Promise.all([
      startTestWorker({ config: config("worker-a"), concurrency: 4 }),
      startTestWorker({ config: config("worker-b"), concurrency: 4 }),
    ]);

    const ticketIds = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const { ticketId } = await ticketWithCreatedEvent(`Problème de connexion n° ${n}`);
        for (let reply = 1; reply <= 5; reply++) {
          await addTicketMessage(asStudent, { ticketId, message: `Précision ${reply} sur le problème ${n}` });
        }
        return ticketId;
      }),
    );

    const eventsByTicket = new Map<string, TStoredWebhookEvent[]>();
    await waitFor(
      async () => {
        for (const ticketId of ticketIds) eventsByTicket.set(ticketId, await storedWebhookEventsOf(ticketId));
        const all = [...eventsByTicket.values()].flat();
        return all.length === 30 && all.every((event) => event.state === "delivered");
      },
      // Generous: correctness is what this checks; a loaded 2-core CI machine is slow.
      { timeoutMs: 90_000, message: "30 events delivered" },
    );

    const allIds = [...eventsByTicket.values()].flat().map((event) => event.id);
    const mine = receiver.requests.filter((request) => allIds.includes(request.body.event_id));
    // Each event was sent once; a duplicate would show which workers both sent it.
    const sentBy = new Map<string, string[]>();
    for (const request of mine) {
      const id = request.body.event_id;
      sentBy.set(id, [...(sentBy.get(id) ?? []), String(request.headers["x-make-apikey"])]);
    }
    expect([...sentBy].filter(([, workers]) => workers.length !== 1)).toEqual([]);
    expect(sentBy.size).toBe(30);

    for (const [ticketId, events] of eventsByTicket) {
      const arrived = mine
        .filter((request) => request.body.data.ticket_id === ticketId)
        .map((request) => request.body.event_id);
      expect(arrived).toEqual(events.map((event) => event.id));
      for (const event of events) expect(event.attempts).toBe(1);
    }
  }, 120_000);
});

describe("per-ticket order", () => {
  it("holds a ticket's later events until its first one is delivered, without holding back other tickets", async () => {
    const subject = "Séance introuvable";
    let endpointDown = true;
    // The ticket's first event fails: first with Retry-After (so it is not due for 2 s while
    // the later events are written and their delivery job runs), then on every retry until
    // the endpoint comes back.
    receiver.setScript((request) => {
      if (!endpointDown || request.body.type !== "ticket.created" || request.body.data.subject !== subject) {
        return ACCEPTED;
      }
      return request.attemptIndex === 0
        ? { status: 503, body: "Service Unavailable", headers: { "retry-after": "2" } }
        : { status: 503, body: "Service Unavailable" };
    });
    await startTestWorker({ config: testWebhookConfig(receiver.url) });

    const { ticketId, createdEventId } = await ticketWithCreatedEvent(subject);
    const waiting = await waitFor(
      async () => {
        const event = await storedWebhookEvent(createdEventId);
        return event.attempts === 1 ? event : undefined;
      },
      { message: "the first event's failed attempt" },
    );

    await updateTicketStatus(asAdmin, { ticketId, status: "in_progress" });
    await addTicketMessage(asAdmin, { ticketId, message: "Nous regardons votre horaire." });
    const [, statusEvent, messageEvent] = await storedWebhookEventsOf(ticketId);
    // They were written (and their delivery job woken) while the first event was not due.
    expect(Date.now()).toBeLessThan(waiting.next_attempt_at.getTime());

    // Another ticket's event goes out while this ticket is blocked.
    const otherTicket = await createTicket({ userId: student.id });
    const otherEvent = await publishTestEvent(otherTicket.id);
    await waitForEventState(otherEvent, "delivered");

    // The first event is retried twice more, and the later ones still wait.
    await waitFor(() => receiver.requestsFor(createdEventId).length >= 3, {
      message: "two more retries of the first event",
    });
    expect(await storedWebhookEvent(statusEvent?.id ?? "")).toMatchObject({ state: "pending", attempts: 0 });
    expect(await storedWebhookEvent(messageEvent?.id ?? "")).toMatchObject({ state: "pending", attempts: 0 });

    endpointDown = false;
    await waitForEventState(messageEvent?.id ?? "", "delivered");

    const arrived = receiver.requests
      .filter((request) => request.body.data.ticket_id === ticketId)
      .map((request) => request.body.event_id);
    const firstTries = arrived.filter((id) => id === createdEventId).length;
    expect(firstTries).toBeGreaterThanOrEqual(4);
    expect(arrived).toEqual([...Array(firstTries).fill(createdEventId), statusEvent?.id, messageEvent?.id]);
    expect((await storedWebhookEvent(createdEventId)).state).toBe("delivered");
  });
});
