/**
 * The admin delivery log (issue 5): listWebhookDeliveries, getWebhookDelivery,
 * retryWebhookDelivery, retryAllFailedWebhooks, sendTestWebhookEvent,
 * getWebhookEndpointStatus and enableWebhookEndpoint.
 *
 * The database is shared with the other test files (run one after another), so:
 * - events a test needs at the top of the log are created in the future (a year no real event
 *   has), and every event this file creates is deleted afterwards with its delivery job;
 * - no event is left pending: a worker started by another file would deliver it;
 * - "retry all" touches every failed event, so that test puts back the ones it did not create.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listWebhookDeliveriesAction } from "@/features/webhooks/actions/webhook-actions";
import { endpointHash } from "@/features/webhooks/config";
import type { TWebhookDeliveryListItem } from "@/features/webhooks/dto";
import type { TWebhookDeliveriesQuery } from "@/features/webhooks/schemas";
import { enableWebhookEndpoint } from "@/features/webhooks/service/enable-webhook-endpoint";
import { getWebhookDelivery } from "@/features/webhooks/service/get-webhook-delivery";
import { getWebhookEndpointStatus } from "@/features/webhooks/service/get-webhook-endpoint-status";
import { listWebhookDeliveries } from "@/features/webhooks/service/list-webhook-deliveries";
import { RETRY_BATCH_SIZE, retryAllFailedWebhooks } from "@/features/webhooks/service/retry-all-failed-webhooks";
import { retryWebhookDelivery } from "@/features/webhooks/service/retry-webhook-delivery";
import { sendTestWebhookEvent } from "@/features/webhooks/service/send-test-webhook-event";
import type { TActionError } from "@/lib/errors";
import type { TSessionUser } from "@/server/auth/session";
import { encodeCursor } from "@/server/db/keyset";
import type { TWebhookState } from "@/server/db/schema";
import { resetEnvCache } from "@/server/env";
import { toAppError } from "@/server/errors";
import {
  createAdmin,
  createStudent,
  createTicket,
  createTutor,
  sessionUserOf,
  type TTicketRow,
  type TUserRow,
} from "../factories";
import { actionErrorOf, signInAs, signOut } from "../support/actions";
import { asServiceRole, rowsOf, testPool } from "../support/db";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

// ---------------------------------------------------------------------------------------------
// Fixtures

const WEBHOOK_ENV = [
  "MAKE_TICKET_WEBHOOK_URL",
  "MAKE_BOOKING_WEBHOOK_URL",
  "MAKE_WEBHOOK_API_KEY",
  "MAKE_WEBHOOK_SIGNING_SECRET",
  "MAKE_TICKET_WEBHOOK_EVENTS",
] as const;
const savedEnv = Object.fromEntries(WEBHOOK_ENV.map((name) => [name, process.env[name]]));

function setWebhookEnv(values: Partial<Record<(typeof WEBHOOK_ENV)[number], string>>): void {
  for (const name of WEBHOOK_ENV) delete process.env[name];
  Object.assign(process.env, values);
  resetEnvCache();
}

const SECRET_URL = "https://hook.eu2.make.com/k7x9secretpathqw3rty8uiop5asdfgh1z2x";
const SECRET_API_KEY = "make-api-key-0123456789-do-not-leak";
const SECRET_SIGNING = `whsec_${Buffer.from("signing-secret-0123456789abcdef").toString("base64")}`;

let admin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;
let asAdmin: TSessionUser;
let ticket: TTicketRow;

/** Every event this file created (deleted after each test, with its delivery job). */
const created = new Set<string>();
/** Endpoint rows this file created. */
const createdEndpoints = new Set<string>();

beforeAll(async () => {
  setWebhookEnv({});
  [admin, student, tutor] = await Promise.all([createAdmin(), createStudent(), createTutor()]);
  asAdmin = sessionUserOf(admin);
  ticket = await createTicket({ userId: student.id });
});

// graphile-worker's schema is not granted to the app's roles: the tests read and clean its
// jobs over their own (superuser) connection.

/** Removes the delivery jobs of these ordering keys, so no later worker runs them. */
async function removeDeliveryJobs(orderingKeys: string[]): Promise<void> {
  if (orderingKeys.length === 0) return;
  await testPool().query("select graphile_worker.remove_job('webhooks:' || k) from unnest($1::text[]) k", [
    orderingKeys,
  ]);
}

async function removeCreated(): Promise<void> {
  const ids = [...created];
  created.clear();
  if (ids.length > 0) {
    await removeDeliveryJobs(
      rowsOf(
        await asServiceRole<{ ordering_key: string }>(
          "select distinct ordering_key from public.webhook_events where id = any($1::uuid[])",
          [ids],
        ),
      ).map((row) => row.ordering_key),
    );
    rowsOf(
      await asServiceRole("delete from public.webhook_events where id = any($1::uuid[])", [ids], { commit: true }),
    );
  }
  const hashes = [...createdEndpoints];
  createdEndpoints.clear();
  if (hashes.length > 0) {
    rowsOf(
      await asServiceRole("delete from public.webhook_endpoints where url_hash = any($1::text[])", [hashes], {
        commit: true,
      }),
    );
  }
}

afterEach(async () => {
  setWebhookEnv({});
  await removeCreated();
});

afterAll(async () => {
  await removeCreated();
  for (const name of WEBHOOK_ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  resetEnvCache();
});

type TNewEvent = {
  type?: string;
  state?: TWebhookState;
  stateReason?: string | null;
  ticketId?: string | null;
  createdAt?: Date;
  attempts?: number;
  lastStatusCode?: number | null;
  lastError?: string | null;
  nextAttemptAt?: Date;
  deliveredAt?: Date | null;
};

/** An outbox row written as the worker would leave it (as service_role, with no delivery job). */
async function insertEvent(event: TNewEvent = {}): Promise<string> {
  const id = randomUUID();
  const createdAt = event.createdAt ?? new Date();
  const ticketId = event.ticketId === undefined ? ticket.id : event.ticketId;
  const type = event.type ?? "ticket.status_changed";
  const state = event.state ?? "failed";
  const attempts = event.attempts ?? (state === "skipped" ? 0 : 2);
  rowsOf(
    await asServiceRole(
      `insert into public.webhook_events
         (id, type, ticket_id, ordering_key, payload, state, state_reason, attempts, next_attempt_at, first_attempt_at,
          last_status_code, last_error, delivered_at, created_at)
       values ($1::uuid, $2::text, $3::uuid, $4::text,
               jsonb_build_object('event_id', $1::uuid, 'type', $2::text, 'timestamp', $5::timestamptz,
                                  'data', jsonb_build_object('ticket_id', $3::uuid, 'note', 'créé par le test')),
               $6::public.webhook_state, $7::text, $8::int, $9::timestamptz,
               case when $8::int > 0 then $5::timestamptz end,
               $10::int, $11::text, $12::timestamptz, $5::timestamptz)`,
      [
        id,
        type,
        ticketId,
        ticketId ? `ticket:${ticketId}` : "system",
        createdAt.toISOString(),
        state,
        event.stateReason === undefined ? (state === "failed" ? "http_status" : null) : event.stateReason,
        attempts,
        (event.nextAttemptAt ?? createdAt).toISOString(),
        event.lastStatusCode === undefined ? (state === "failed" ? 400 : null) : event.lastStatusCode,
        event.lastError === undefined ? (state === "failed" ? "HTTP 400" : null) : event.lastError,
        event.deliveredAt?.toISOString() ?? null,
      ],
      { commit: true },
    ),
  );
  created.add(id);
  return id;
}

async function insertAttemptRow(
  eventId: string,
  attempt: number,
  values: { statusCode: number | null; error: string | null; durationMs: number; nextAttemptAt: Date | null },
): Promise<void> {
  rowsOf(
    await asServiceRole(
      `insert into public.webhook_attempts (event_id, attempt, started_at, duration_ms, status_code, error, response_excerpt, next_attempt_at)
       values ($1, $2, now() - make_interval(mins => 10 - $2), $3, $4, $5, $6, $7)`,
      [
        eventId,
        attempt,
        values.durationMs,
        values.statusCode,
        values.error,
        values.statusCode ? `réponse ${values.statusCode}` : null,
        values.nextAttemptAt?.toISOString() ?? null,
      ],
      { commit: true },
    ),
  );
}

type TStoredEvent = {
  id: string;
  type: string;
  ticket_id: string | null;
  ordering_key: string;
  payload: { event_id: string; type: string; timestamp: string; data: Record<string, unknown> };
  state: TWebhookState;
  state_reason: string | null;
  attempts: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
};

async function storedEvent(id: string): Promise<TStoredEvent> {
  const [row] = rowsOf(
    await asServiceRole<TStoredEvent>(
      `select id, type, ticket_id, ordering_key, payload, state::text as state, state_reason, attempts,
              first_attempt_at, next_attempt_at, last_status_code, last_error
         from public.webhook_events where id = $1`,
      [id],
    ),
  );
  if (!row) throw new Error(`event ${id} not found`);
  return row;
}

/** The delivery job of an ordering key as it stands (add_job with the same key bumps its revision). */
async function deliveryJobStamp(orderingKey: string): Promise<string> {
  const { rows } = await testPool().query<{ stamp: string | null }>(
    "select json_agg(json_build_object('id', id, 'revision', revision, 'updated_at', updated_at))::text as stamp from graphile_worker.jobs where key = $1",
    [`webhooks:${orderingKey}`],
  );
  return rows[0]?.stamp ?? "none";
}

async function deliveryJobCount(orderingKey: string): Promise<number> {
  const { rows } = await testPool().query<{ count: number }>(
    "select count(*)::int as count from graphile_worker.jobs where key = $1",
    [`webhooks:${orderingKey}`],
  );
  return rows[0]?.count ?? 0;
}

/** Future instants no real event has: rows created at them head the newest-first log. */
let futureYear = 2300;
function futureBase(): number {
  futureYear += 1;
  return Date.UTC(futureYear, 0, 1);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected the call to fail with ${code}`).toBeDefined();
  expect(toAppError(error).code).toBe(code);
}

/** What the delivery log's action answers for `query`, as the signed-in admin. */
async function refusalOf(query: TWebhookDeliveriesQuery): Promise<TActionError | undefined> {
  await signInAs(admin);
  try {
    return actionErrorOf(await listWebhookDeliveriesAction(query));
  } finally {
    signOut();
  }
}

/** Follows nextCursor for `pages` pages at most. */
async function walk(query: TWebhookDeliveriesQuery, pages: number) {
  const seen: TWebhookDeliveryListItem[][] = [];
  let cursor: string | undefined;
  for (let index = 0; index < pages; index++) {
    const page = await listWebhookDeliveries(asAdmin, { ...query, cursor });
    seen.push(page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------

describe("who may use the delivery log", () => {
  const SERVICES = [
    ["listWebhookDeliveries", (user: TSessionUser) => listWebhookDeliveries(user, {})],
    ["getWebhookDelivery", (user: TSessionUser) => getWebhookDelivery(user, randomUUID())],
    ["retryWebhookDelivery", (user: TSessionUser) => retryWebhookDelivery(user, randomUUID())],
    ["retryAllFailedWebhooks", (user: TSessionUser) => retryAllFailedWebhooks(user)],
    ["sendTestWebhookEvent", (user: TSessionUser) => sendTestWebhookEvent(user)],
    ["getWebhookEndpointStatus", (user: TSessionUser) => getWebhookEndpointStatus(user)],
    ["enableWebhookEndpoint", (user: TSessionUser) => enableWebhookEndpoint(user)],
  ] as const;

  it.each(SERVICES)("%s refuses students and tutors with FORBIDDEN", async (_name, call) => {
    await expectCode(call(sessionUserOf(student)), "FORBIDDEN");
    await expectCode(call(sessionUserOf(tutor)), "FORBIDDEN");
  });

  it("a student's session that claims the admin role still sees and changes nothing (row-level security)", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL });
    const hash = endpointHash(SECRET_URL);
    rowsOf(
      await asServiceRole(
        "insert into public.webhook_endpoints (url_hash, display_url, disabled_at, disabled_reason) values ($1, 'x', now(), 'gone')",
        [hash],
        { commit: true },
      ),
    );
    createdEndpoints.add(hash);
    const failed = await insertEvent({ state: "failed", createdAt: new Date(futureBase()) });
    const impostor: TSessionUser = { ...sessionUserOf(student), role: "admin" };

    expect((await listWebhookDeliveries(impostor, {})).items).toEqual([]);
    await expectCode(getWebhookDelivery(impostor, failed), "NOT_FOUND");
    await expectCode(retryWebhookDelivery(impostor, failed), "FORBIDDEN");
    // It sees no failed event to retry.
    expect(await retryAllFailedWebhooks(impostor)).toEqual({ retried: 0 });
    await expectCode(sendTestWebhookEvent(impostor), "FORBIDDEN");
    await expectCode(enableWebhookEndpoint(impostor), "FORBIDDEN");
    const status = await getWebhookEndpointStatus(impostor);
    expect(status.disabledAt).toBeNull();
    expect(status.recent.failed.value).toBe(0);

    expect((await storedEvent(failed)).state).toBe("failed");
    const [endpoint] = rowsOf(
      await asServiceRole("select disabled_at from public.webhook_endpoints where url_hash = $1", [hash]),
    );
    expect(endpoint?.disabled_at).not.toBeNull();
  });
});

describe("listWebhookDeliveries", () => {
  it("lists newest first with the ticket number, state and reason, attempts, last response and next attempt", async () => {
    const base = futureBase();
    const nextAttemptAt = new Date(base + 3_600_000);
    const delivered = await insertEvent({
      type: "ticket.created",
      state: "delivered",
      stateReason: null,
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      createdAt: new Date(base),
      deliveredAt: new Date(base + 1500),
    });
    const pending = await insertEvent({
      type: "ticket.message_added",
      state: "pending",
      stateReason: null,
      attempts: 2,
      lastStatusCode: 503,
      lastError: "HTTP 503",
      createdAt: new Date(base + 1000),
      nextAttemptAt,
    });
    const skipped = await insertEvent({
      type: "webhook.test",
      ticketId: null,
      state: "skipped",
      stateReason: "no_endpoint",
      createdAt: new Date(base + 2000),
    });

    const page = await listWebhookDeliveries(asAdmin, {});
    expect(page.items.slice(0, 3)).toEqual([
      {
        id: skipped,
        type: "webhook.test",
        ticketId: null,
        ticketNumber: null,
        state: "skipped",
        stateReason: "no_endpoint",
        attemptCount: 0,
        lastStatusCode: null,
        lastError: null,
        nextAttemptAt: null,
        createdAt: new Date(base + 2000),
        deliveredAt: null,
      },
      {
        id: pending,
        type: "ticket.message_added",
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        state: "pending",
        stateReason: null,
        attemptCount: 2,
        lastStatusCode: 503,
        lastError: "HTTP 503",
        nextAttemptAt,
        createdAt: new Date(base + 1000),
        deliveredAt: null,
      },
      {
        id: delivered,
        type: "ticket.created",
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        state: "delivered",
        stateReason: null,
        attemptCount: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
        createdAt: new Date(base),
        deliveredAt: new Date(base + 1500),
      },
    ]);
    // The list never carries the body (up to 5 MB each).
    expect(page.items[0]).not.toHaveProperty("payload");
  });

  it("filters by event type, by state, and by both", async () => {
    const base = futureBase();
    const ids: Record<string, string> = {};
    let offset = 0;
    for (const type of ["ticket.assigned", "ticket.priority_changed"] as const) {
      for (const state of ["failed", "delivered", "skipped"] as const) {
        ids[`${type}/${state}`] = await insertEvent({
          type,
          state,
          stateReason: state === "skipped" ? "no_endpoint" : undefined,
          createdAt: new Date(base + offset++ * 1000),
        });
      }
    }
    const newest = (keys: string[]) => keys.map((key) => ids[key]).reverse();

    const assigned = (await listWebhookDeliveries(asAdmin, { type: "ticket.assigned" })).items;
    expect(assigned.every((item) => item.type === "ticket.assigned")).toBe(true);
    expect(assigned.slice(0, 3).map((item) => item.id)).toEqual(
      newest(["ticket.assigned/failed", "ticket.assigned/delivered", "ticket.assigned/skipped"]),
    );

    const failed = (await listWebhookDeliveries(asAdmin, { state: "failed" })).items;
    expect(failed.every((item) => item.state === "failed")).toBe(true);
    expect(failed.slice(0, 2).map((item) => item.id)).toEqual(
      newest(["ticket.assigned/failed", "ticket.priority_changed/failed"]),
    );

    const both = (await listWebhookDeliveries(asAdmin, { type: "ticket.priority_changed", state: "skipped" })).items;
    expect(both.every((item) => item.type === "ticket.priority_changed" && item.state === "skipped")).toBe(true);
    expect(both[0]?.id).toBe(ids["ticket.priority_changed/skipped"]);
    expect(both.map((item) => item.id)).not.toContain(ids["ticket.assigned/skipped"]);
  });

  it("refuses a type or state that does not exist", async () => {
    // Input is parsed at the edge: the action the delivery log calls.
    expect(await refusalOf({ type: "ticket.deleted" as never })).toMatchObject({ code: "VALIDATION" });
    expect(await refusalOf({ state: "lost" as never })).toMatchObject({ code: "VALIDATION" });
  });

  it("pages by 20 with a keyset cursor: no row repeated or skipped, even among equal timestamps and new events", async () => {
    const base = futureBase();
    // 45 events, three per instant: the id breaks ties.
    for (let index = 0; index < 45; index++) {
      await insertEvent({
        type: "ticket.message_added",
        state: "delivered",
        createdAt: new Date(base + Math.floor(index / 3) * 1000),
      });
    }
    const expected = rowsOf(
      await asServiceRole<{ id: string }>(
        "select id from public.webhook_events where id = any($1::uuid[]) order by created_at desc, id desc",
        [[...created]],
      ),
    ).map((row) => row.id);

    const first = await listWebhookDeliveries(asAdmin, { type: "ticket.message_added" });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    // A newer event arriving between pages shows on a fresh first page, not inside the walk.
    await insertEvent({ type: "ticket.message_added", state: "delivered", createdAt: new Date(base + 3_600_000) });
    const second = await listWebhookDeliveries(asAdmin, {
      type: "ticket.message_added",
      cursor: first.nextCursor ?? "",
    });
    const third = await listWebhookDeliveries(asAdmin, {
      type: "ticket.message_added",
      cursor: second.nextCursor ?? "",
    });
    expect(second.items).toHaveLength(20);
    const walked = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(walked.slice(0, 45)).toEqual(expected);
    expect(new Set(walked).size).toBe(walked.length);

    const pages = await walk({ type: "ticket.message_added" }, 3);
    expect(pages.map((page) => page.length)).toEqual([20, 20, expect.any(Number)]);
  });

  it("refuses a forged cursor, or one made for another list", async () => {
    const forged = encodeCursor("webhooks.created_desc", ["2026-13-45T99:00:00.000000Z", randomUUID()]);
    // A cursor is checked at the edge the log pages through: its action.
    expect(await refusalOf({ cursor: forged })).toMatchObject({ code: "VALIDATION" });
    expect(await refusalOf({ cursor: "pas-un-curseur" })).toMatchObject({ code: "VALIDATION" });
    const ticketsCursor = encodeCursor("created_desc", ["2026-01-01T00:00:00.000000Z", randomUUID()]);
    expect(await refusalOf({ cursor: ticketsCursor })).toMatchObject({ code: "VALIDATION" });
  });
});

describe("getWebhookDelivery", () => {
  it("gives the exact body sent and every attempt in order", async () => {
    const retryAt = new Date(Date.now() + 60_000);
    const id = await insertEvent({
      state: "pending",
      stateReason: null,
      attempts: 2,
      lastStatusCode: 429,
      lastError: "HTTP 429",
      nextAttemptAt: retryAt,
      createdAt: new Date(futureBase()),
    });
    await insertAttemptRow(id, 2, { statusCode: 429, error: "HTTP 429", durationMs: 31, nextAttemptAt: retryAt });
    await insertAttemptRow(id, 1, {
      statusCode: null,
      error: "timeout after 10000 ms",
      durationMs: 10_004,
      nextAttemptAt: new Date(Date.now() - 1000),
    });

    const details = await getWebhookDelivery(asAdmin, id);
    const stored = await storedEvent(id);
    expect(details.payload).toEqual(stored.payload);
    expect(details.payload).toMatchObject({
      event_id: id,
      type: "ticket.status_changed",
      data: { ticket_id: ticket.id },
    });
    expect(details).toMatchObject({
      id,
      state: "pending",
      attemptCount: 2,
      nextAttemptAt: retryAt,
      ticketNumber: ticket.number,
    });
    expect(details.attempts.map((a) => [a.attempt, a.statusCode, a.error, a.durationMs])).toEqual([
      [1, null, "timeout after 10000 ms", 10_004],
      [2, 429, "HTTP 429", 31],
    ]);
    expect(details.attempts[1]?.nextAttemptAt).toEqual(retryAt);
    expect(details.attempts[1]?.responseExcerpt).toBe("réponse 429");
  });

  it("says NOT_FOUND for an unknown event and VALIDATION for a malformed id", async () => {
    await expectCode(getWebhookDelivery(asAdmin, randomUUID()), "NOT_FOUND");
    await expectCode(getWebhookDelivery(asAdmin, "pas-un-uuid"), "VALIDATION");
  });
});

describe("retryWebhookDelivery", () => {
  // A retry only re-queues when an endpoint exists (issue 17): without one it would be skipped again.
  beforeEach(() => setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL }));

  it("re-queues nothing while no endpoint is configured", async () => {
    setWebhookEnv({});
    const id = await insertEvent({ state: "skipped", stateReason: "no_endpoint" });
    expect((await retryWebhookDelivery(asAdmin, id)).retried).toBe(false);
    expect((await storedEvent(id)).state).toBe("skipped");
    expect(await retryAllFailedWebhooks(asAdmin)).toEqual({ retried: 0 });
    expect((await storedEvent(id)).state).toBe("skipped");
  });

  it("puts a failed event back to pending with its attempts reset, and wakes its delivery job", async () => {
    const id = await insertEvent({
      state: "failed",
      stateReason: "gave_up",
      attempts: 9,
      lastStatusCode: 503,
      lastError: "HTTP 503",
    });
    const before = await storedEvent(id);
    expect(before.first_attempt_at).not.toBeNull();

    const result = await retryWebhookDelivery(asAdmin, id);

    const after = await storedEvent(id);
    expect(after).toMatchObject({ state: "pending", state_reason: null, attempts: 0, first_attempt_at: null });
    expect(after.next_attempt_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    // What happened last stays visible until the next attempt.
    expect(after).toMatchObject({ last_status_code: 503, last_error: "HTTP 503" });
    expect(await deliveryJobCount(before.ordering_key)).toBe(1);
    expect(result).toEqual({
      retried: true,
      delivery: expect.objectContaining({ id, state: "pending", stateReason: null, attemptCount: 0 }),
    });
  });

  it("re-queues a skipped event too", async () => {
    const id = await insertEvent({ state: "skipped", stateReason: "endpoint_disabled" });
    expect((await retryWebhookDelivery(asAdmin, id)).retried).toBe(true);
    expect((await storedEvent(id)).state).toBe("pending");
  });

  it("leaves a delivered event alone and says so", async () => {
    const id = await insertEvent({
      state: "delivered",
      stateReason: null,
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });
    const result = await retryWebhookDelivery(asAdmin, id);
    expect(result.retried).toBe(false);
    expect(result.delivery.state).toBe("delivered");
    expect(await storedEvent(id)).toMatchObject({ state: "delivered", attempts: 1 });
  });

  it("says NOT_FOUND for an unknown event", async () => {
    await expectCode(retryWebhookDelivery(asAdmin, randomUUID()), "NOT_FOUND");
  });
});

describe("retryAllFailedWebhooks", () => {
  beforeEach(() => setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL }));

  type TSnapshot = {
    id: string;
    state: TWebhookState;
    state_reason: string | null;
    attempts: number;
    first_attempt_at: Date | null;
    next_attempt_at: Date;
    ordering_key: string;
  };

  it("re-queues every failed and skipped event, in batches, and nothing else", async () => {
    // Other files' failed events get retried too: note them to put them back afterwards.
    const foreign = rowsOf(
      await asServiceRole<TSnapshot>(
        `select id, state::text as state, state_reason, attempts, first_attempt_at, next_attempt_at, ordering_key
           from public.webhook_events where state in ('failed', 'skipped')`,
      ),
    );
    const failedCount = RETRY_BATCH_SIZE + 50;
    const skippedCount = RETRY_BATCH_SIZE;
    const mine = rowsOf(
      await asServiceRole<{ id: string }>(
        `insert into public.webhook_events (type, ticket_id, ordering_key, payload, state, state_reason, attempts, first_attempt_at)
         select 'ticket.created', $1::uuid, 'ticket:' || $1::text, '{}'::jsonb,
                (case when n <= $2 then 'failed' else 'skipped' end)::public.webhook_state,
                case when n <= $2 then 'http_status' else 'endpoint_disabled' end,
                case when n <= $2 then 3 else 0 end,
                case when n <= $2 then now() end
           from generate_series(1, $3::int) n
         returning id`,
        [ticket.id, failedCount, failedCount + skippedCount],
        { commit: true },
      ),
    ).map((row) => row.id);
    for (const id of mine) created.add(id);
    const delivered = await insertEvent({
      state: "delivered",
      stateReason: null,
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
    });

    try {
      const result = await retryAllFailedWebhooks(asAdmin);

      expect(result.retried).toBe(failedCount + skippedCount + foreign.length);
      const states = rowsOf(
        await asServiceRole<{ state: string; attempts: number; count: number }>(
          `select state::text as state, attempts, count(*)::int as count
             from public.webhook_events where id = any($1::uuid[]) group by 1, 2`,
          [mine],
        ),
      );
      expect(states).toEqual([{ state: "pending", attempts: 0, count: failedCount + skippedCount }]);
      expect((await storedEvent(delivered)).state).toBe("delivered");
      expect(await deliveryJobCount(`ticket:${ticket.id}`)).toBe(1);
      // Nothing left to retry.
      expect((await retryAllFailedWebhooks(asAdmin)).retried).toBe(0);
    } finally {
      if (foreign.length > 0) {
        rowsOf(
          await asServiceRole(
            `update public.webhook_events e
                set state = s.state, state_reason = s.state_reason, attempts = s.attempts,
                    first_attempt_at = s.first_attempt_at, next_attempt_at = s.next_attempt_at
               from jsonb_to_recordset($1::jsonb) as s(id uuid, state public.webhook_state, state_reason text,
                    attempts int, first_attempt_at timestamptz, next_attempt_at timestamptz)
              where e.id = s.id`,
            [JSON.stringify(foreign)],
            { commit: true },
          ),
        );
        await removeDeliveryJobs([...new Set(foreign.map((row) => row.ordering_key))]);
      }
    }
  });
});

describe("sendTestWebhookEvent", () => {
  it("records a webhook.test event saying who sent it and when; without an endpoint it is 'not sent: no endpoint'", async () => {
    const before = Date.now();
    const jobBefore = await deliveryJobStamp("system");
    const result = await sendTestWebhookEvent(asAdmin);
    created.add(result.eventId);

    expect(result).toEqual({ eventId: expect.any(String), state: "skipped", stateReason: "no_endpoint" });
    const stored = await storedEvent(result.eventId);
    expect(stored).toMatchObject({ type: "webhook.test", ticket_id: null, ordering_key: "system", state: "skipped" });
    expect(stored.payload).toMatchObject({
      event_id: result.eventId,
      type: "webhook.test",
      data: {
        sent_by_id: admin.id,
        sent_by_email: admin.email,
        sent_by_name: `${admin.firstName} ${admin.lastName}`,
        message: expect.any(String),
      },
    });
    const sentAt = Date.parse(String(stored.payload.data.sent_at));
    expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
    expect(sentAt).toBeLessThanOrEqual(Date.now() + 1000);
    // Skipped at once: no delivery job was added or touched.
    expect(await deliveryJobStamp("system")).toBe(jobBefore);

    const listed = await listWebhookDeliveries(asAdmin, { type: "webhook.test" });
    expect(listed.items[0]).toMatchObject({ id: result.eventId, state: "skipped", stateReason: "no_endpoint" });
  });

  it("queues it for delivery when an endpoint is configured", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL });
    const result = await sendTestWebhookEvent(asAdmin);
    created.add(result.eventId);
    expect(result).toMatchObject({ state: "pending", stateReason: null });
    expect(await deliveryJobCount("system")).toBeGreaterThanOrEqual(1);
  });
});

describe("getWebhookEndpointStatus", () => {
  it("without an endpoint: not configured, no address", async () => {
    const status = await getWebhookEndpointStatus(asAdmin);
    expect(status).toMatchObject({
      configured: false,
      displayUrl: null,
      disabledAt: null,
      signed: false,
      apiKey: false,
    });
  });

  it("shows the host and the end of the address, never the address, the API key or the signing secret", async () => {
    setWebhookEnv({
      MAKE_TICKET_WEBHOOK_URL: SECRET_URL,
      MAKE_WEBHOOK_API_KEY: SECRET_API_KEY,
      MAKE_WEBHOOK_SIGNING_SECRET: SECRET_SIGNING,
    });
    const status = await getWebhookEndpointStatus(asAdmin);
    expect(status).toMatchObject({
      configured: true,
      displayUrl: "https://hook.eu2.make.com/…1z2x",
      disabledAt: null,
      signed: true,
      apiKey: true,
    });
    const serialized = JSON.stringify(status);
    expect(serialized).not.toContain(SECRET_URL);
    expect(serialized).not.toContain("k7x9secretpath");
    expect(serialized).not.toContain(SECRET_API_KEY);
    expect(serialized).not.toContain(SECRET_SIGNING);
    expect(serialized).not.toContain("signing-secret");
  });

  it("falls back to MAKE_BOOKING_WEBHOOK_URL", async () => {
    setWebhookEnv({ MAKE_BOOKING_WEBHOOK_URL: "https://hook.us1.make.com/bookingsecretwxyz" });
    expect(await getWebhookEndpointStatus(asAdmin)).toMatchObject({
      configured: true,
      displayUrl: "https://hook.us1.make.com/…wxyz",
    });
  });

  it("reports a 410 Gone as disabled since when and why", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL });
    const hash = endpointHash(SECRET_URL);
    const disabledAt = new Date(Date.now() - 3_600_000);
    rowsOf(
      await asServiceRole(
        "insert into public.webhook_endpoints (url_hash, display_url, disabled_at, disabled_reason) values ($1, 'x', $2, 'gone')",
        [hash, disabledAt.toISOString()],
        { commit: true },
      ),
    );
    createdEndpoints.add(hash);
    expect(await getWebhookEndpointStatus(asAdmin)).toMatchObject({ disabledAt, disabledReason: "gone" });
  });

  it("counts the pending and failed events of the last 7 days", async () => {
    const before = await getWebhookEndpointStatus(asAdmin);
    const old = new Date(Date.now() - 8 * 24 * 3_600_000);
    await insertEvent({ state: "pending", stateReason: null, nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await insertEvent({ state: "pending", stateReason: null, nextAttemptAt: new Date(Date.now() + 3_600_000) });
    await insertEvent({ state: "failed" });
    await insertEvent({ state: "failed", createdAt: old });
    await insertEvent({ state: "delivered", stateReason: null, lastStatusCode: 200, lastError: null });

    const after = await getWebhookEndpointStatus(asAdmin);
    expect(after.recent.pending.value - before.recent.pending.value).toBe(2);
    expect(after.recent.failed.value - before.recent.failed.value).toBe(1);
    expect(after.recent.pending.cap).toBe(1000);
  });
});

describe("enableWebhookEndpoint", () => {
  it("clears disabled_at and the reason of the configured endpoint", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: SECRET_URL });
    const hash = endpointHash(SECRET_URL);
    rowsOf(
      await asServiceRole(
        "insert into public.webhook_endpoints (url_hash, display_url, disabled_at, disabled_reason) values ($1, 'x', now(), 'gone')",
        [hash],
        { commit: true },
      ),
    );
    createdEndpoints.add(hash);

    expect(await enableWebhookEndpoint(asAdmin)).toEqual({ enabled: true });

    const [row] = rowsOf(
      await asServiceRole("select disabled_at, disabled_reason from public.webhook_endpoints where url_hash = $1", [
        hash,
      ]),
    );
    expect(row).toEqual({ disabled_at: null, disabled_reason: null });
    expect((await getWebhookEndpointStatus(asAdmin)).disabledAt).toBeNull();
  });

  it("says NOT_FOUND when no endpoint is configured", async () => {
    await expectCode(enableWebhookEndpoint(asAdmin), "NOT_FOUND");
  });
});
