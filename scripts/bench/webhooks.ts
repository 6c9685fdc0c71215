/**
 * `npm run bench:webhooks`: commit-to-receipt latency and throughput of webhook delivery,
 * through the real path (ticket service → outbox + job in the same transaction → worker →
 * HTTP POST to a receiver on 127.0.0.1). Prints a table and writes bench-results/webhooks.json.
 *   --latency N      sequential tickets for the latency run (default 300)
 *   --throughput N   tickets created by 10 concurrent clients (default 2000)
 */
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { createBenchDatabase, summarize } from "./bench-db";

loadDotEnv();
const { values } = parseArgs({ options: { latency: { type: "string" }, throughput: { type: "string" } } });
const LATENCY_N = Number(values.latency ?? 300);
const THROUGHPUT_N = Number(values.throughput ?? 2000);

const receivedAt = new Map<string, number>();
const receiver = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    const event = JSON.parse(body) as { event_id: string; data: { ticket_id?: string } };
    if (event.data.ticket_id && !receivedAt.has(event.data.ticket_id)) {
      receivedAt.set(event.data.ticket_id, performance.now());
    }
    response.writeHead(200, { "content-type": "text/plain" });
    response.end("Accepted");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const port = (receiver.address() as AddressInfo).port;

const database = await createBenchDatabase("support_tickets_bench_webhooks");
process.env.DATABASE_URL = database.url;
process.env.MAKE_TICKET_WEBHOOK_URL = `http://127.0.0.1:${port}/hook`;
process.env.MAKE_TICKET_WEBHOOK_EVENTS = "ticket.created";
const { resetEnvCache } = await import("../../src/server/env");
resetEnvCache();

const { createSupportTicket } = await import("../../src/features/tickets/service/create-ticket");
const { startWorker } = await import("../../src/worker");
const { closeDb } = await import("../../src/server/db/client");

const setup = new pg.Client({ connectionString: database.url });
await setup.connect();
const { rows } = await setup.query<{ id: string }>(
  `insert into users (name, email, first_name, last_name, role)
   values ('Léa Banc', 'lea.banc@bench.example', 'Léa', 'Banc', 'student') returning id`,
);
await setup.end();
const student = {
  id: rows[0]?.id ?? "",
  email: "lea.banc@bench.example",
  firstName: "Léa",
  lastName: "Banc",
  role: "student" as const,
  locale: "fr-CA",
};

const worker = await startWorker({
  connectionString: database.url,
  concurrency: 4,
  pollIntervalMs: 1000,
  log: () => {},
});

async function waitFor(ids: string[], timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (ids.some((id) => !receivedAt.has(id))) {
    if (performance.now() > deadline) throw new Error("timed out waiting for deliveries");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const input = (i: number) => ({
  subject: `Séance du jeudi impossible à réserver (${i})`,
  description: "Bonjour, le calendrier ne me laisse pas choisir l'heure de ma séance habituelle.",
  category: "reservations",
});

// Warm-up.
for (let i = 0; i < 20; i++) await waitFor([(await createSupportTicket(student, input(i))).id], 10_000);

// 1. Latency: one ticket at a time, from the service's return (commit) to the receiver.
const latencies: number[] = [];
for (let i = 0; i < LATENCY_N; i++) {
  const ticket = await createSupportTicket(student, input(i));
  const committedAt = performance.now();
  await waitFor([ticket.id], 10_000);
  latencies.push((receivedAt.get(ticket.id) ?? committedAt) - committedAt);
}

// 2. Throughput: 10 clients create tickets as fast as they can; events/s until all arrived.
const started = performance.now();
const ids: string[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (next < THROUGHPUT_N) {
      next += 1;
      ids.push((await createSupportTicket(student, input(next))).id);
    }
  }),
);
const createdIn = performance.now() - started;
await waitFor(ids, 120_000);
const deliveredIn = performance.now() - started;

const latency = summarize(latencies);
const results = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  latencyMs: latency,
  throughput: {
    events: ids.length,
    createdPerSecond: Math.round(ids.length / (createdIn / 1000)),
    deliveredPerSecond: Math.round(ids.length / (deliveredIn / 1000)),
  },
};
console.log("\nWebhook delivery (commit → receipt on 127.0.0.1)");
console.log(
  `  latency over ${latency.n} events: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`,
);
console.log(
  `  throughput: ${ids.length} tickets created at ${results.throughput.createdPerSecond}/s, all delivered at ${results.throughput.deliveredPerSecond} events/s`,
);
await mkdir("bench-results", { recursive: true });
await writeFile("bench-results/webhooks.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("  → bench-results/webhooks.json\n");

await worker.stop();
await closeDb();
receiver.close();
await database.close();
process.exit(0);
