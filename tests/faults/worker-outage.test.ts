/**
 * The webhook worker (`npm run worker`, scripts/worker.ts) on its own against faults: the
 * database stopped for 10 s in the middle of deliveries, and a receiver down for hours
 * (simulated clock). Figures are printed for the closing note of issue 19.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/server/db/migrate";
import { seedDemoData } from "@/server/db/seed/seed-demo";
import {
  childEnvFor,
  enqueueEvents,
  sleep,
  spawnScript,
  startFaultDatabase,
  startReceiver,
  stopChild,
  type TChild,
  type TFaultDatabase,
  type TReceiver,
  waitUntil,
} from "./harness";

let database: TFaultDatabase;
let receiver: TReceiver;
let worker: TChild | undefined;
let ticketIds: string[];

const countBy = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());

async function pendingOrDelivered(ids: string[]) {
  const rows = await database.query<{ state: string; n: number }>(
    "select state::text, count(*)::int as n from public.webhook_events where id = any($1::uuid[]) group by state",
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
}

beforeAll(async () => {
  database = await startFaultDatabase();
  await runMigrations(database.url());
  await seedDemoData(database.url());
  ticketIds = (
    await database.query<{ id: string }>("select id from public.support_tickets order by created_at limit 8")
  ).map((r) => r.id);
  receiver = await startReceiver();
});

afterAll(async () => {
  await stopChild(worker);
  await receiver?.close();
  await database?.close();
});

describe("the worker and a database outage", () => {
  it("survives PostgreSQL stopped for 10 s mid-delivery and then delivers every event", async () => {
    // Deliveries take 100 ms each at the receiver: 160 events keep 4 jobs busy for seconds.
    receiver.setReply(200, 100);
    worker = spawnScript("scripts/worker.ts", childEnvFor(database, receiver.url));
    await waitUntil(() => worker?.output.some((l) => l.includes("delivering webhook events")), 60_000, "the worker");
    await sleep(500);
    const ids = await enqueueEvents(database, ticketIds, 160);
    await waitUntil(() => receiver.received.length >= 20, 60_000, "the first deliveries");

    const stoppedAt = Date.now();
    await database.stop();
    const receivedBefore = receiver.received.length;
    await sleep(10_000);
    expect(worker.alive(), worker.output.join("\n")).toBe(true);
    await database.start();
    const restartedAt = Date.now();

    await waitUntil(
      () => receiver.received.length > receivedBefore && (receiver.receivedAt.at(-1) ?? 0) > restartedAt,
      60_000,
      "a delivery after the outage",
    );
    const firstAfter = receiver.receivedAt.find((t) => t > restartedAt) ?? Date.now();
    await waitUntil(
      async () => (await pendingOrDelivered(ids)).delivered === ids.length,
      120_000,
      "every event delivered",
    );
    const allDoneAt = Date.now();

    const counts = countBy(receiver.received.filter((id) => ids.includes(id)));
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    // Every event arrived; an event resent is one whose 2xx could not be recorded while the
    // database was away (at most one per job in progress), with the same webhook-id.
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    expect(duplicates).toBeLessThanOrEqual(4);
    expect(worker.alive()).toBe(true);
    const stateLines = worker.output.filter((l) => /lost the database|unreachable|running again/.test(l));
    expect(stateLines.length).toBeLessThanOrEqual(6);
    expect(worker.output.join("\n")).not.toMatch(/unexpected error|Trace:|error:/);

    console.log(
      `[faults] outage: PostgreSQL down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s; first delivery ` +
        `${((firstAfter - restartedAt) / 1000).toFixed(1)} s after it came back; all ${ids.length} delivered ` +
        `${((allDoneAt - restartedAt) / 1000).toFixed(1)} s after; resent ${duplicates}; worker log:\n  ${stateLines.join("\n  ")}`,
    );
  });

  it("stops within the grace period on SIGTERM, finishing the attempt in progress and leaving the rest queued", async () => {
    receiver.setReply(200, 1000);
    const ids = await enqueueEvents(database, ticketIds.slice(0, 2), 20);
    await waitUntil(
      async () => {
        const rows = await database.query<{ n: number }>(
          "select count(*)::int as n from public.webhook_attempts where event_id = any($1::uuid[])",
          [ids],
        );
        return (rows[0]?.n ?? 0) >= 1 || receiver.received.some((id) => ids.includes(id));
      },
      30_000,
      "a delivery in progress",
    );
    const stopping = worker;
    if (!stopping) throw new Error("no worker running");
    const before = Date.now();
    const linesBefore = stopping.output.length;
    stopping.process.kill("SIGTERM");
    const exit = await stopping.exited;
    const seconds = (exit.at - before) / 1000;
    expect(exit.code).toBe(0);
    expect(seconds).toBeLessThan(8);
    const states = await pendingOrDelivered(ids);
    expect(states.pending ?? 0).toBeGreaterThan(0); // not the whole queue: the rest waits
    expect((states.pending ?? 0) + (states.delivered ?? 0)).toBe(ids.length);
    expect(stopping.output.slice(linesBefore).join("\n")).not.toMatch(/terminating connection|unexpected error/);
    console.log(
      `[faults] worker SIGTERM: exited in ${seconds.toFixed(1)} s, ${states.delivered ?? 0} delivered, ${states.pending} left queued`,
    );

    // A new worker takes the rest.
    receiver.setReply(200, 0);
    worker = spawnScript("scripts/worker.ts", childEnvFor(database, receiver.url));
    await waitUntil(async () => (await pendingOrDelivered(ids)).delivered === ids.length, 60_000, "the rest delivered");
  });

  it("delivers everything to a receiver that was down for hours (simulated clock)", async () => {
    receiver.setReply(503);
    const ids = await enqueueEvents(database, ticketIds.slice(0, 4), 20);
    // Each ticket's first event fails and waits for its retry (a minute away, then more):
    // the rest of the ticket waits behind it.
    await waitUntil(
      async () => {
        const rows = await database.query<{ n: number }>(
          "select count(*)::int as n from public.webhook_events where id = any($1::uuid[]) and attempts > 0 and next_attempt_at > now()",
          [ids],
        );
        return (rows[0]?.n ?? 0) >= 4;
      },
      60_000,
      "the first attempts to fail",
    );
    // Hours pass: the first attempts were long ago, and every retry is due now.
    await database.query(
      `update public.webhook_events set first_attempt_at = now() - interval '5 hours', next_attempt_at = now() - interval '1 second'
        where id = any($1::uuid[]) and state = 'pending'`,
      [ids],
    );
    await database.query(
      "update graphile_worker._private_jobs set run_at = now() where run_at > now() and locked_at is null",
    );
    receiver.setReply(200);
    await waitUntil(
      async () => (await pendingOrDelivered(ids)).delivered === ids.length,
      90_000,
      "every event delivered",
    );
    // Per-ticket order held: each ticket's events arrived in the order they were written.
    const seqOf = new Map(
      (
        await database.query<{ id: string; seq: string; ticket_id: string }>(
          "select id, seq::text, ticket_id from public.webhook_events where id = any($1::uuid[])",
          [ids],
        )
      ).map((r) => [r.id, r]),
    );
    const firstArrival = [...new Set(receiver.received.filter((id) => ids.includes(id)))];
    for (const ticketId of ticketIds.slice(0, 4)) {
      const order = firstArrival
        .filter((id) => seqOf.get(id)?.ticket_id === ticketId)
        .map((id) => Number(seqOf.get(id)?.seq));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});
