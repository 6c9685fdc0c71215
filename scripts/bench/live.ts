/**
 * `npm run bench:live`: the live stream at 100, 1,000 and 5,000 connected browsers on one app
 * process (loopback only). The server side is the real one (LiveHub: one LISTEN connection,
 * per-viewer views read under RLS, openLiveStream) behind a bare node:http server in this
 * process; the clients run in a child process (scripts/bench/live-clients.mjs). Reports the
 * server's memory per open stream, fan-out latency from commit to receipt (p50/p95 over every
 * delivery), and the latency of a representative request (the admin ticket list under RLS)
 * served by the same process with and without the streams open.
 * Writes bench-results/live.json.
 *   --sizes 100,1000,5000   client counts (default; capped at 5000)
 *   --events 30             tickets created per size (each goes to every admin and its owner)
 */
import { fork } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { createBenchDatabase, percentile } from "./bench-db";

loadDotEnv();
const { values } = parseArgs({ options: { sizes: { type: "string" }, events: { type: "string" } } });
const SIZES = (values.sizes ?? "100,1000,5000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0)
  .map((n) => Math.min(n, 5000));
const EVENTS = Number(values.events ?? 30);
const STUDENTS = 200;
const ADMINS = 20;

const database = await createBenchDatabase("support_tickets_bench_live");
process.env.DATABASE_URL = database.url;
process.env.DB_POOL_MAX = "10";
const { resetEnvCache } = await import("../../src/server/env");
resetEnvCache();
const { LiveHub } = await import("../../src/features/live/hub");
const { openLiveStream } = await import("../../src/features/live/live-stream");
const { liveTicketChangeConsumer } = await import("../../src/features/live/ticket-change-consumer");
const { withServiceRole, withUser } = await import("../../src/server/db/with-user");
const { sql } = await import("drizzle-orm");
const { closeDb } = await import("../../src/server/db/client");

type TUser = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: "admin" | "student";
  locale: string;
};
const setup = new pg.Client({ connectionString: database.url });
await setup.connect();
async function insertUsers(role: "admin" | "student", count: number): Promise<TUser[]> {
  const { rows } = await setup.query<{ id: string; email: string; first_name: string; last_name: string }>(
    `insert into users (name, email, first_name, last_name, role)
     select 'Banc ' || g, $1 || g || '@bench.example', 'Banc', $1 || g, $1::text::user_role
     from generate_series(1, $2::int) g returning id, email, first_name, last_name`,
    [role, count],
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    role,
    locale: "fr-CA",
  }));
}
const admins = await insertUsers("admin", ADMINS);
const students = await insertUsers("student", STUDENTS);
const category = (await setup.query<{ slug: string }>("select slug from ticket_categories limit 1")).rows[0]?.slug;
const users = new Map([...admins, ...students].map((u) => [u.id, u]));
const benchAdmin = admins[0] as TUser;
await setup.end();

// The request timed with and without the streams: an admin's first page of the newest tickets
// under RLS (the tickets service itself does not load under tsx's react-server condition).
const newestTickets = sql`select t.id, t.number, t.subject, t.status, t.priority, u.first_name, u.last_name
  from support_tickets t join users u on u.id = t.user_id order by t.created_at desc, t.id desc limit 20`;

/**
 * A new ticket as the pipeline writes it (ticket row, history row, and the live consumer's
 * NOTIFY in the same transaction); returns its id once committed.
 */
async function createTicket(owner: TUser, i: number): Promise<string> {
  return withServiceRole(async (tx) => {
    const ticket = (
      await tx.execute<{ id: string }>(
        sql`insert into support_tickets (user_id, subject, description, category)
            values (${owner.id}, ${`Séance impossible à réserver (${i})`}, ${"Bonjour, le calendrier ne me laisse pas choisir l'heure de ma séance habituelle."}, ${category})
            returning id`,
      )
    ).rows[0] as { id: string };
    const history = (
      await tx.execute<{ id: string }>(
        sql`insert into ticket_events (ticket_id, actor_id, type) values (${ticket.id}, ${owner.id}, 'created') returning id`,
      )
    ).rows[0] as { id: string };
    await liveTicketChangeConsumer.handle(tx, {
      type: "created",
      historyId: history.id,
      ticket: { id: ticket.id },
    } as Parameters<typeof liveTicketChangeConsumer.handle>[1]);
    return ticket.id;
  });
}

const hub = new LiveHub(database.url, { maxClients: 10_000, resumeWindowSeconds: 600 });
await hub.ready();

// The app side: /live?uid= (a stream, as the route would open it for that signed-in user) and
// /request (the admin list's first page under RLS).
const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/request") {
    const rows = await withUser(benchAdmin.id, async (tx) => (await tx.execute(newestTickets)).rows);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(rows));
    return;
  }
  const user = users.get(url.searchParams.get("uid") ?? "");
  if (url.pathname !== "/live" || !user) {
    response.writeHead(404).end();
    return;
  }
  const abort = new AbortController();
  request.on("close", () => abort.abort());
  const live = openLiveStream(new Request(`http://127.0.0.1${request.url}`, { signal: abort.signal }), user, {
    hub,
    stillSignedIn: async () => true,
    heartbeatMs: 15_000,
    sessionCheckMs: 600_000,
  });
  response.writeHead(200, Object.fromEntries(live.headers));
  const reader = (live.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (next.done) break;
    response.write(next.value);
  }
  response.end();
});
server.maxConnections = 12_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as AddressInfo).port;

const child = fork(path.join(import.meta.dirname, "live-clients.mjs"), {
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const received = new Map<string, number[]>();
const waiters: { type: string; resolve: (message: unknown) => void }[] = [];
child.on("message", (message: { type: string; ticketId?: string; at?: number }) => {
  if (message.type === "recv" && message.ticketId && message.at) {
    const list = received.get(message.ticketId) ?? [];
    list.push(message.at);
    received.set(message.ticketId, list);
    return;
  }
  const index = waiters.findIndex((w) => w.type === message.type);
  if (index >= 0) waiters.splice(index, 1)[0]?.resolve(message);
});
function ask<T>(command: object, reply: string): Promise<T> {
  return new Promise((resolve) => {
    waiters.push({ type: reply, resolve: resolve as (m: unknown) => void });
    child.send(command);
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
};
const round = (n: number) => Math.round(n * 100) / 100;

// Warm-up: the pool, the plans, the JIT.
await ask({ cmd: "requests", port, count: 50 }, "requests");
const baseline = stats((await ask<{ times: number[] }>({ cmd: "requests", port, count: 200 }, "requests")).times);

const results: Record<string, unknown>[] = [];
for (const size of SIZES) {
  global.gc?.();
  await settle();
  const before = process.memoryUsage();
  // One client in ten is an admin (all admins share one view per event); the rest are students.
  const uids = Array.from({ length: size }, (_, i) =>
    i % 10 === 0 ? (admins[i % ADMINS] as TUser).id : (students[i % STUDENTS] as TUser).id,
  );
  const adminClients = uids.filter((_, i) => i % 10 === 0).length;
  await ask({ cmd: "connect", port, uids }, "connected");
  await settle();
  global.gc?.();
  await settle();
  const after = process.memoryUsage();

  const withClients = stats((await ask<{ times: number[] }>({ cmd: "requests", port, count: 200 }, "requests")).times);

  received.clear();
  const latencies: number[] = [];
  let expected = 0;
  for (let i = 0; i < EVENTS; i++) {
    const owner = students[i % STUDENTS] as TUser;
    const ownerClients = uids.filter((uid) => uid === owner.id).length;
    const ticketId = await createTicket(owner, i);
    const committedAt = performance.timeOrigin + performance.now();
    const want = adminClients + ownerClients;
    expected += want;
    const deadline = Date.now() + 15_000;
    while ((received.get(ticketId)?.length ?? 0) < want && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const at of received.get(ticketId) ?? []) latencies.push(Math.max(0, at - committedAt));
  }
  await ask({ cmd: "close" }, "closed");
  await settle();
  results.push({
    clients: size,
    adminClients,
    serverRssPerClientKb: Math.round((after.rss - before.rss) / 1024 / size),
    serverHeapPerClientKb: Math.round(((after.heapUsed - before.heapUsed) / 1024 / size) * 10) / 10,
    serverRssMb: mb(after.rss),
    deliveries: latencies.length,
    expectedDeliveries: expected,
    fanoutMs: stats(latencies),
    requestMsWithout: baseline,
    requestMsWith: withClients,
  });
  console.log(
    `${size} clients: ${Math.round((after.rss - before.rss) / 1024 / size)} KB RSS/client, fan-out p50 ${stats(latencies).p50} ms p95 ${stats(latencies).p95} ms (${latencies.length}/${expected} deliveries), request p50 ${withClients.p50} ms p95 ${withClients.p95} ms (without: ${baseline.p50}/${baseline.p95})`,
  );
}

child.kill();
server.close();
await hub.stop();
await closeDb();
await database.close();
console.table(
  results.map((r) => ({
    clients: r.clients,
    "RSS/client KB": r.serverRssPerClientKb,
    "fan-out p50 ms": (r.fanoutMs as { p50: number }).p50,
    "fan-out p95 ms": (r.fanoutMs as { p95: number }).p95,
    deliveries: `${r.deliveries}/${r.expectedDeliveries}`,
    "request p50/p95 without": `${(r.requestMsWithout as { p50: number }).p50}/${(r.requestMsWithout as { p95: number }).p95}`,
    "request p50/p95 with": `${(r.requestMsWith as { p50: number }).p50}/${(r.requestMsWith as { p95: number }).p95}`,
  })),
);
await mkdir("bench-results", { recursive: true });
await writeFile("bench-results/live.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("  → bench-results/live.json\n");
process.exit(0);
