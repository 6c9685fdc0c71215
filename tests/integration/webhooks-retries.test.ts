/**
 * How the worker treats Make.com's answers (issue 5): 429, 5xx, "Queue is full" 400,
 * timeouts and connection errors are retried with the same event_id until they succeed; any
 * other 4xx fails at once; 410 Gone disables the endpoint until an admin enables it again;
 * payloads over 5 MB are refused before sending; retrying stops after the retry window.
 * The worker runs with a short schedule (~50, ~100, then ~200 ms) and a 300 ms timeout.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endpointHash } from "@/features/webhooks/config";
import { MAX_PAYLOAD_BYTES } from "@/features/webhooks/event-types";
import { createAdmin, createStudent, createTicket, type TUserRow } from "../factories";
import { asServiceRole, asUser, rowsOf } from "../support/db";
import {
  ACCEPTED,
  cleanUpWebhookTest,
  closedPort,
  publishTestEvent,
  repliesPerEvent,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  storedAttemptsOf,
  type TReceiver,
  type TReply,
  type TStoredAttempt,
  testWebhookConfig,
  waitFor,
  waitForEventState,
} from "../support/webhooks";

let student: TUserRow;
let admin: TUserRow;
let receiver: TReceiver;

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
  setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url });
});

afterEach(cleanUpWebhookTest);

async function newTicketId(): Promise<string> {
  return (await createTicket({ userId: student.id })).id;
}

/** One log row per attempt, numbered 1…n; every attempt but the last says when the next one is due. */
function expectAttemptLog(attempts: TStoredAttempt[], statuses: (number | null)[]): void {
  expect(attempts.map((attempt) => attempt.status_code)).toEqual(statuses);
  expect(attempts.map((attempt) => attempt.attempt)).toEqual(statuses.map((_, index) => index + 1));
  expect(attempts.map((attempt) => attempt.next_attempt_at !== null)).toEqual(
    statuses.map((_, index) => index < statuses.length - 1),
  );
}

describe("temporary failures are retried until delivered, with the same event_id", () => {
  const cases: { name: string; replies: TReply[]; statuses: (number | null)[]; error: RegExp }[] = [
    {
      name: "500 and 503",
      replies: [{ status: 500 }, { status: 503 }],
      statuses: [500, 503, 200],
      error: /^HTTP 50\d$/,
    },
    {
      name: '400 "Queue is full"',
      replies: [{ status: 400, body: "Queue is full." }],
      statuses: [400, 200],
      error: /^HTTP 400$/,
    },
    {
      name: "a timeout (no answer within 300 ms)",
      replies: [{ hang: true }],
      statuses: [null, 200],
      error: /^timeout after 300 ms$/,
    },
    {
      name: "a connection closed without an answer",
      replies: [{ destroy: true }],
      statuses: [null, 200],
      error: /^connection error/,
    },
  ];

  it.each(cases)("$name", async ({ replies, statuses, error }) => {
    receiver.setScript(repliesPerEvent(...replies));
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const eventId = await publishTestEvent(await newTicketId());

    const event = await waitForEventState(eventId, "delivered");
    expect(event).toMatchObject({ attempts: statuses.length, last_status_code: 200, state_reason: null });
    expect(event.delivered_at).not.toBeNull();

    const attempts = await storedAttemptsOf(eventId);
    expectAttemptLog(attempts, statuses);
    for (const attempt of attempts.slice(0, -1)) expect(attempt.error).toMatch(error);
    expect(attempts.at(-1)?.error).toBeNull();

    const received = receiver.requestsFor(eventId);
    expect(received).toHaveLength(statuses.length);
    expect(new Set(received.map((request) => request.rawBody)).size).toBe(1); // the very same body each time
  });

  it("429 honours Retry-After (1 s) rather than the shorter schedule", async () => {
    receiver.setScript(repliesPerEvent({ status: 429, body: "Too many requests", headers: { "retry-after": "1" } }));
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const eventId = await publishTestEvent(await newTicketId());

    await waitForEventState(eventId, "delivered");
    const attempts = await storedAttemptsOf(eventId);
    expectAttemptLog(attempts, [429, 200]);
    const [first, second] = receiver.requestsFor(eventId);
    expect(second?.body.event_id).toBe(first?.body.event_id);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    const [failed] = attempts;
    expect((failed?.next_attempt_at?.getTime() ?? 0) - (failed?.started_at.getTime() ?? 0)).toBeGreaterThanOrEqual(
      1000,
    );
  });

  it("connection refused, until the endpoint comes up", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/hook/down-for-now`;
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: url });
    await startTestWorker({ config: testWebhookConfig(url) });
    const eventId = await publishTestEvent(await newTicketId());

    await waitFor(async () => (await storedAttemptsOf(eventId)).length >= 2, { message: "two refused attempts" });
    const upLater = await startReceiver(() => ACCEPTED, port);

    await waitForEventState(eventId, "delivered");
    const attempts = await storedAttemptsOf(eventId);
    expectAttemptLog(attempts, [...attempts.slice(0, -1).map(() => null), 200]);
    for (const attempt of attempts.slice(0, -1)) expect(attempt.error).toBe("connection error (ECONNREFUSED)");
    expect(upLater.requests.map((request) => request.body.event_id)).toEqual([eventId]);
  });
});

describe("final answers", () => {
  it("a plain 400 is not retried: failed after one attempt, and the ticket's next event goes out", async () => {
    receiver.setScript((request) =>
      request.index === 0 ? { status: 400, body: "Bad request: scenario is off" } : ACCEPTED,
    );
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const ticketId = await newTicketId();
    const eventId = await publishTestEvent(ticketId);

    const event = await waitForEventState(eventId, "failed");
    expect(event).toMatchObject({
      state_reason: "http_status",
      attempts: 1,
      last_status_code: 400,
      last_error: "HTTP 400",
    });
    const attempts = await storedAttemptsOf(eventId);
    expectAttemptLog(attempts, [400]);
    expect(attempts[0]?.response_excerpt).toBe("Bad request: scenario is off");

    const next = await publishTestEvent(ticketId);
    await waitForEventState(next, "delivered");
    expect(receiver.requestsFor(eventId)).toHaveLength(1);
  });

  it("410 Gone disables the endpoint; later events are skipped until an admin enables it and retries them", async () => {
    receiver.setScript((request) => (request.index === 0 ? { status: 410, body: "Gone" } : ACCEPTED));
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const ticketId = await newTicketId();
    const otherTicketId = await newTicketId();
    const hash = endpointHash(receiver.url);

    const gone = await publishTestEvent(ticketId);
    expect(await waitForEventState(gone, "failed")).toMatchObject({ state_reason: "endpoint_gone", attempts: 1 });
    const [endpoint] = rowsOf(
      await asServiceRole<{ display_url: string; disabled_at: Date | null; disabled_reason: string | null }>(
        "select display_url, disabled_at, disabled_reason from public.webhook_endpoints where url_hash = $1",
        [hash],
      ),
    );
    expect(endpoint).toMatchObject({ disabled_at: expect.any(Date), disabled_reason: "gone" });
    expect(endpoint?.display_url).not.toContain(new URL(receiver.url).pathname); // the secret URL is not kept in clear

    const sameTicket = await publishTestEvent(ticketId);
    const otherTicket = await publishTestEvent(otherTicketId);
    for (const id of [sameTicket, otherTicket]) {
      expect(await waitForEventState(id, "skipped")).toMatchObject({ state_reason: "endpoint_disabled", attempts: 0 });
    }
    expect(receiver.requests).toHaveLength(1);

    const enabled = rowsOf(
      await asUser(admin.id, "select public.enable_webhook_endpoint($1) as ok", [hash], { commit: true }),
    );
    expect(enabled).toEqual([{ ok: true }]);
    const retried = rowsOf(
      await asUser(
        admin.id,
        "select public.retry_webhook_events($1::uuid[]) as count",
        [[gone, sameTicket, otherTicket]],
        {
          commit: true,
        },
      ),
    );
    expect(retried).toEqual([{ count: 3 }]);

    for (const id of [gone, sameTicket, otherTicket]) await waitForEventState(id, "delivered");
    expect(receiver.requestsFor(gone)).toHaveLength(2);
    const sameTicketOrder = receiver.requests
      .filter((request) => request.body.event_id === gone || request.body.event_id === sameTicket)
      .map((request) => request.body.event_id);
    expect(sameTicketOrder).toEqual([gone, gone, sameTicket]);
    // Its log keeps counting across the admin's retry: 410 (final, nothing scheduled), then 200.
    const goneLog = await storedAttemptsOf(gone);
    expect(
      goneLog.map(({ attempt, status_code, next_attempt_at }) => ({ attempt, status_code, next_attempt_at })),
    ).toEqual([
      { attempt: 1, status_code: 410, next_attempt_at: null },
      { attempt: 2, status_code: 200, next_attempt_at: null },
    ]);
    expectAttemptLog(await storedAttemptsOf(sameTicket), [200]);
  });

  it("a payload over 5 MB is refused before sending, with its reason logged", async () => {
    const worker = await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const ticketId = await newTicketId();
    const tooLarge = await publishTestEvent(ticketId, { message: "x".repeat(MAX_PAYLOAD_BYTES) });

    const event = await waitForEventState(tooLarge, "failed");
    expect(event).toMatchObject({
      state_reason: "too_large",
      attempts: 0,
      last_error: expect.stringMatching(/over Make's 5 MB limit/),
    });
    expect(await storedAttemptsOf(tooLarge)).toEqual([]);
    expect(worker.log.some((line) => line.includes(tooLarge) && line.includes("5 MB"))).toBe(true);

    // It does not hold back the ticket's next event, and it never reached the receiver.
    const next = await publishTestEvent(ticketId, { message: "petit" });
    await waitForEventState(next, "delivered");
    expect(receiver.requests.map((request) => request.body.event_id)).toEqual([next]);
  });

  it("gives up after the retry window", async () => {
    receiver.setScript(() => ({ status: 503, body: "Service Unavailable" }));
    await startTestWorker({ config: testWebhookConfig(receiver.url), retryWindowMs: 400 });
    const eventId = await publishTestEvent(await newTicketId());

    const event = await waitForEventState(eventId, "failed");
    expect(event).toMatchObject({ state_reason: "gave_up", last_status_code: 503, last_error: "HTTP 503" });
    expect(event.attempts).toBeGreaterThanOrEqual(2);
    const attempts = await storedAttemptsOf(eventId);
    expectAttemptLog(
      attempts,
      attempts.map(() => 503),
    );
    expect(attempts).toHaveLength(event.attempts);
    expect(receiver.requestsFor(eventId)).toHaveLength(event.attempts);
    // Every retry was scheduled within the window counted from the first attempt; the next one would not have been.
    const first = attempts[0]?.started_at.getTime() ?? 0;
    for (const attempt of attempts.slice(0, -1)) {
      expect((attempt.next_attempt_at?.getTime() ?? Number.POSITIVE_INFINITY) - first).toBeLessThanOrEqual(400);
    }
  });
});
