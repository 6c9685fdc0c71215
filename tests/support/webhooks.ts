/**
 * Helpers for the webhook delivery tests (tests/integration/webhooks-*.test.ts):
 *
 * - a real HTTP receiver on 127.0.0.1 whose answers each test scripts (status, body,
 *   Retry-After, delay, never answering, closing the socket), recording every request;
 * - the webhook worker started in-process with a short retry schedule, stopped after each test;
 * - the webhook environment variables set for the publishing side (ticket services read them
 *   through env()), restored afterwards;
 * - the outbox and its delivery log read as service_role, and a polling `waitFor`.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { sql } from "drizzle-orm";
import type { TWebhookConfig } from "@/features/webhooks/config";
import { TEST_EVENT_TYPE, type TWebhookEventType, WEBHOOK_EVENT_TYPES } from "@/features/webhooks/event-types";
import { publishWebhookEvent } from "@/features/webhooks/publish";
import { withServiceRole } from "@/server/db/with-user";
import { resetEnvCache } from "@/server/env";
import { startWorker, type TWorker, type TWorkerOptions } from "@/worker";
import { asServiceRole, rowsOf, testDatabaseUrl, testPool } from "./db";

// ---------------------------------------------------------------------------------------------
// Waiting

/**
 * Polls `probe` until it returns something other than undefined/false/null, or fails after
 * `timeoutMs` with `message` and the last value seen. Tests wait on conditions, never on sleeps.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    last = value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting: ${options.message ?? "condition"} (last value: ${JSON.stringify(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

// ---------------------------------------------------------------------------------------------
// The receiver

export type TWebhookBody = {
  event_id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
};

export type TReceivedRequest = {
  /** Position among all requests this receiver got (0-based). */
  index: number;
  /** How many requests for the same event_id came before this one (0 = first attempt). */
  attemptIndex: number;
  receivedAt: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: TWebhookBody;
};

export type TReply =
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Never answer: the sender's timeout (or death) ends the exchange. */
  | { hang: true }
  /** Close the connection without answering. */
  | { destroy: true };

export type TReplyScript = (request: TReceivedRequest) => TReply | Promise<TReply>;

export const ACCEPTED: TReply = { status: 200, body: "Accepted" };

/** The n-th request for an event gets `replies[n]`; later ones get 200 "Accepted". */
export function repliesPerEvent(...replies: TReply[]): TReplyScript {
  return (request) => replies[request.attemptIndex] ?? ACCEPTED;
}

export type TReceiver = {
  url: string;
  port: number;
  requests: TReceivedRequest[];
  /** Requests carrying this event_id, in arrival order. */
  requestsFor: (eventId: string) => TReceivedRequest[];
  setScript: (script: TReplyScript) => void;
  close: () => Promise<void>;
};

const openReceivers = new Set<TReceiver>();

/** Starts a receiver on 127.0.0.1 (`port` 0 = any free port) answering with `script`. */
export async function startReceiver(script: TReplyScript = () => ACCEPTED, port = 0): Promise<TReceiver> {
  let current = script;
  const requests: TReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: TWebhookBody;
      try {
        body = JSON.parse(rawBody) as TWebhookBody;
      } catch {
        body = { event_id: "(not json)", type: "", timestamp: "", data: {} };
      }
      const request: TReceivedRequest = {
        index: requests.length,
        attemptIndex: requests.filter((r) => r.body.event_id === body.event_id).length,
        receivedAt: Date.now(),
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        rawBody,
        body,
      };
      requests.push(request);
      void Promise.resolve(current(request)).then((reply) => answer(res, reply));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const receiver: TReceiver = {
    url: `http://127.0.0.1:${actualPort}/hook/${randomBytes(6).toString("hex")}`,
    port: actualPort,
    requests,
    requestsFor: (eventId) => requests.filter((r) => r.body.event_id === eventId),
    setScript: (next) => {
      current = next;
    },
    close: async () => {
      openReceivers.delete(receiver);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  openReceivers.add(receiver);
  return receiver;
}

function answer(res: ServerResponse, reply: TReply): void {
  if ("hang" in reply) return;
  if ("destroy" in reply) {
    res.socket?.destroy();
    return;
  }
  const send = () => {
    if (res.destroyed || res.socket?.destroyed) return;
    res.writeHead(reply.status, { "content-type": "text/plain", ...reply.headers });
    res.end(reply.body ?? "");
  };
  if (reply.delayMs) setTimeout(send, reply.delayMs);
  else send();
}

/** A port nothing listens on (yet): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The worker

/** Short schedule for tests: retries after ~50, ~100, then every ~200 ms (±20 % jitter). */
export const TEST_RETRY_DELAYS_MS = [50, 100, 200] as const;

/** What the worker would use, with a 300 ms request timeout and every event type enabled. */
export function testWebhookConfig(endpointUrl: string | null, overrides: Partial<TWebhookConfig> = {}): TWebhookConfig {
  return {
    endpointUrl,
    apiKey: null,
    signingSecret: null,
    enabledTypes: new Set<string>([...WEBHOOK_EVENT_TYPES, TEST_EVENT_TYPE]),
    includeInternal: false,
    timeoutMs: 300,
    ...overrides,
  };
}

export type TTestWorker = TWorker & { log: string[] };

const runningWorkers = new Set<TTestWorker>();

/**
 * Starts the webhook worker in this process on the test database. Without `config` it reads
 * the environment (webhookConfig()), like `npm run worker` does.
 */
export async function startTestWorker(options: Partial<Omit<TWorkerOptions, "log">> = {}): Promise<TTestWorker> {
  const log: string[] = [];
  const worker = await startWorker({
    connectionString: testDatabaseUrl(),
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    pollIntervalMs: 100,
    concurrency: 4,
    ...options,
    log: (line) => log.push(line),
  });
  const started: TTestWorker = Object.assign(worker, { log });
  runningWorkers.add(started);
  return started;
}

export async function stopTestWorker(worker: TTestWorker): Promise<void> {
  runningWorkers.delete(worker);
  await worker.stop();
}

// ---------------------------------------------------------------------------------------------
// Environment of the publishing side

const WEBHOOK_ENV_NAMES = [
  "MAKE_TICKET_WEBHOOK_URL",
  "MAKE_BOOKING_WEBHOOK_URL",
  "MAKE_WEBHOOK_API_KEY",
  "MAKE_WEBHOOK_SIGNING_SECRET",
  "MAKE_TICKET_WEBHOOK_EVENTS",
  "MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL",
  "WEBHOOK_TIMEOUT_MS",
] as const;
export type TWebhookEnv = Partial<Record<(typeof WEBHOOK_ENV_NAMES)[number], string>>;

const savedEnv = new Map<string, string | undefined>();

/** Replaces every webhook variable by `values` (unlisted ones are unset) until restoreWebhookEnv(). */
export function setWebhookEnv(values: TWebhookEnv): void {
  for (const name of WEBHOOK_ENV_NAMES) {
    if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

export function restoreWebhookEnv(): void {
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  savedEnv.clear();
  resetEnvCache();
}

// ---------------------------------------------------------------------------------------------
// Publishing without a ticket service

/** Writes one event to the outbox for `ticketId` (committed), as the ticket services do. */
export function publishTestEvent(
  ticketId: string | null,
  data: Record<string, unknown> = { note: "test" },
  type: TWebhookEventType | typeof TEST_EVENT_TYPE = "ticket.message_added",
): Promise<string> {
  return withServiceRole(async (tx) => {
    const id = await publishWebhookEvent(tx, type, ticketId, data);
    if (!id) throw new Error(`event ${type} was not published (switched off by configuration?)`);
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// The outbox, read as service_role

export type TStoredWebhookEvent = {
  id: string;
  seq: string;
  type: string;
  ticket_id: string | null;
  ordering_key: string;
  payload: TWebhookBody;
  state: "pending" | "delivered" | "failed" | "skipped";
  state_reason: string | null;
  attempts: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
};

export type TStoredAttempt = {
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
  next_attempt_at: Date | null;
};

const EVENT_COLUMNS = `id, seq, type, ticket_id, ordering_key, payload, state::text as state, state_reason, attempts,
  first_attempt_at, next_attempt_at, last_status_code, last_error, delivered_at`;

export async function storedWebhookEvent(eventId: string): Promise<TStoredWebhookEvent> {
  const [row] = rowsOf(
    await asServiceRole<TStoredWebhookEvent>(`select ${EVENT_COLUMNS} from public.webhook_events where id = $1`, [
      eventId,
    ]),
  );
  if (!row) throw new Error(`webhook event ${eventId} not found`);
  return row;
}

/** The events of a ticket, in the order they were written. */
export async function storedWebhookEventsOf(ticketId: string): Promise<TStoredWebhookEvent[]> {
  return rowsOf(
    await asServiceRole<TStoredWebhookEvent>(
      `select ${EVENT_COLUMNS} from public.webhook_events where ticket_id = $1 order by seq`,
      [ticketId],
    ),
  );
}

/** The delivery log of one event, in attempt order. */
export async function storedAttemptsOf(eventId: string): Promise<TStoredAttempt[]> {
  return rowsOf(
    await asServiceRole<TStoredAttempt>(
      `select attempt, started_at, duration_ms, status_code, error, response_excerpt, next_attempt_at
         from public.webhook_attempts where event_id = $1 order by id`,
      [eventId],
    ),
  );
}

/** Waits until the event is in one of `states`, and returns it. */
export function waitForEventState(
  eventId: string,
  states: TStoredWebhookEvent["state"] | TStoredWebhookEvent["state"][],
  timeoutMs = 15_000,
): Promise<TStoredWebhookEvent> {
  const wanted = Array.isArray(states) ? states : [states];
  return waitFor(
    async () => {
      const event = await storedWebhookEvent(eventId);
      return wanted.includes(event.state) ? event : undefined;
    },
    { timeoutMs, intervalMs: 30, message: `event ${eventId} to be ${wanted.join("/")}` },
  );
}

/** Delivery jobs queued for a ticket (graphile-worker's own table, read as the superuser). */
export async function deliveryJobsOf(ticketId: string): Promise<number> {
  const { rows } = await testPool().query<{ count: number }>(
    "select count(*)::int as count from graphile_worker.jobs where key = $1",
    [`webhooks:ticket:${ticketId}`],
  );
  return rows[0]?.count ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Cleanup

/**
 * Workers deliver every pending event to *their* endpoint, whoever wrote it: events a test
 * leaves pending (or that an earlier test file left) would reach the next test's receiver.
 * Between tests they are marked failed, so each test only sees its own traffic.
 */
export async function retirePendingEvents(): Promise<void> {
  await withServiceRole((tx) =>
    tx.execute(sql`update public.webhook_events
                      set state = 'failed', state_reason = 'test_cleanup', updated_at = now()
                    where state = 'pending'`),
  );
}

/**
 * afterEach: close the receivers (which ends any request still in flight, so a worker never
 * waits on one), stop the workers, retire what is still pending, restore the environment.
 */
export async function cleanUpWebhookTest(): Promise<void> {
  try {
    await Promise.all([...openReceivers].map((receiver) => receiver.close()));
    await Promise.all([...runningWorkers].map((worker) => stopTestWorker(worker)));
    await retirePendingEvents();
  } finally {
    restoreWebhookEnv();
  }
}
