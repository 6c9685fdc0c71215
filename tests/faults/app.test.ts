/**
 * The whole app as `npm start` runs it (scripts/start.ts: `next start` + the in-process
 * worker) against faults: the database away, load, SIGTERM with requests in flight, a child
 * killed. Figures are printed for the closing note of issue 19.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runMigrations } from "@/server/db/migrate";
import { DEMO_PASSWORD } from "@/server/db/seed/demo-accounts";
import { seedDemoData } from "@/server/db/seed/seed-demo";
import {
  APP_PORT,
  appUrl,
  childEnvFor,
  childPidsOf,
  enqueueEvents,
  ensureBuild,
  isListening,
  isProcessAlive,
  multipartBody,
  sleep,
  spawnScript,
  startFaultDatabase,
  startReceiver,
  stopChild,
  type TChild,
  type TFaultDatabase,
  type TReceiver,
  ticketBody,
  waitUntil,
} from "./harness";

const GRACE_MS = 8000;
// The figures: 50 clients of mixed traffic for 60 s.
const LOAD_CLIENTS = Number(process.env.FAULTS_LOAD_CLIENTS ?? 50);
const LOAD_SECONDS = Number(process.env.FAULTS_LOAD_SECONDS ?? 60);

let database: TFaultDatabase;
let receiver: TReceiver;
let app: TChild | undefined;

async function startApp(extra: Record<string, string> = {}): Promise<TChild> {
  const child = spawnScript(
    "scripts/start.ts",
    childEnvFor(database, receiver.url, { SHUTDOWN_GRACE_MS: String(GRACE_MS), ...extra }),
  );
  await waitUntil(
    () => {
      if (!child.alive()) throw new Error(`start exited:\n${child.output.join("\n")}`);
      return child.output.some((line) => line.includes("Support tickets is running at"));
    },
    180_000,
    "the app",
    200,
  );
  return child;
}

/** The `next start` process under the start script. */
function webServerPid(start: TChild): number {
  const pid = childPidsOf(start.process.pid ?? 0)[0];
  if (!pid) throw new Error("no web server process under the start script");
  return pid;
}

async function createTicket(cookie: string, subject: string): Promise<Response> {
  const { contentType, body } = ticketBody(subject);
  return fetch(`${appUrl}/api/tickets`, {
    method: "POST",
    headers: { cookie, "content-type": contentType, "accept-language": "fr-CA" },
    body: new Uint8Array(body),
  });
}

async function countTickets(subjectPrefix: string): Promise<number> {
  const rows = await database.query<{ n: number }>(
    "select count(*)::int as n from public.support_tickets where subject like $1",
    [`${subjectPrefix}%`],
  );
  return rows[0]?.n ?? 0;
}

async function signInAs(email: string): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

type TPosted = { status: number; replayed: string | null; body: { ok: boolean; data?: { id?: string } } };

async function postMultipart(
  path: string,
  cookie: string,
  key: string,
  form: { contentType: string; body: Buffer },
): Promise<TPosted> {
  const response = await fetch(`${appUrl}${path}`, {
    method: "POST",
    headers: { cookie, "content-type": form.contentType, "accept-language": "fr-CA", "idempotency-key": key },
    body: new Uint8Array(form.body),
  });
  return {
    status: response.status,
    replayed: response.headers.get("idempotent-replayed"),
    body: (await response.json()) as TPosted["body"],
  };
}

/**
 * Sends a write whose answer never reaches the client: the connection is cut once the write
 * is committed (seen in the database), the failure a client sees for a saved write.
 */
async function postAndLoseTheAnswer(
  path: string,
  cookie: string,
  key: string,
  form: { contentType: string; body: Buffer },
  committed: () => Promise<boolean>,
): Promise<void> {
  const request = http.request({
    host: "localhost",
    port: APP_PORT,
    path,
    method: "POST",
    headers: {
      cookie,
      "content-type": form.contentType,
      "content-length": String(form.body.length),
      "accept-language": "fr-CA",
      "idempotency-key": key,
    },
  });
  // Ends however the cut happens: an error when we cut first, only a close when the answer came
  // (and was thrown away) before the commit was seen (a quiet machine answers within the poll).
  request.on("error", () => {});
  const failed = new Promise<void>((resolve) => request.on("close", () => resolve()));
  request.on("response", (response) => response.destroy());
  request.end(form.body);
  await waitUntil(committed, 30_000, `the write to ${path} to commit`, 20);
  request.destroy(new Error("cut off"));
  await failed;
}

beforeAll(async () => {
  ensureBuild();
  database = await startFaultDatabase();
  await runMigrations(database.url());
  await seedDemoData(database.url());
  receiver = await startReceiver();
});

afterEach(async () => {
  await stopChild(app);
  app = undefined;
});

afterAll(async () => {
  await receiver?.close();
  await database?.close();
});

describe("npm start against faults", () => {
  it("serves on localhost by default, with no redirect loop, and is ready once a worker is seen", async () => {
    app = await startApp();
    const home = await fetch(`${appUrl}/connexion`);
    expect(home.status).toBe(200);
    const ready = await fetch(`${appUrl}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
  });

  it("says unavailable while the database is down 10 s mid-delivery, and recovers by itself", async () => {
    app = await startApp();
    receiver.setReply(200, 100);
    const ticketIds = (
      await database.query<{ id: string }>("select id from public.support_tickets order by created_at limit 6")
    ).map((r) => r.id);
    const ids = await enqueueEvents(database, ticketIds, 60);
    await waitUntil(() => receiver.received.filter((id) => ids.includes(id)).length >= 5, 60_000, "deliveries");
    await database.stop();
    try {
      const ready = await fetch(`${appUrl}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await ready.json()).toMatchObject({ status: "unavailable", reason: "database_unreachable" });
      expect((await fetch(`${appUrl}/api/health`)).status).toBe(503);
      await sleep(10_000);
      expect(app.alive(), app.output.join("\n")).toBe(true);
    } finally {
      await database.start();
    }
    const restartedAt = Date.now();
    await waitUntil(async () => (await fetch(`${appUrl}/api/health/ready`)).status === 200, 30_000, "ready again");
    const readyAfter = (Date.now() - restartedAt) / 1000;
    // The worker inside `npm start` delivers everything once the database is back.
    await waitUntil(
      () => ids.every((id) => receiver.received.includes(id)),
      90_000,
      "every event delivered by the in-process worker",
    );
    console.log(
      `[faults] app: ready again ${readyAfter.toFixed(1)} s after PostgreSQL came back; all ${ids.length} events ` +
        `delivered ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after`,
    );
    receiver.setReply(200, 0);
    const cookie = await signInAs("emma.lefebvre@example.com");
    expect((await createTicket(cookie, "Après la panne")).status).toBe(200);
  });

  // Written to the contract of branch `idem` (issue 19 item 2): during an outage every API
  // request answers 503 { ok: false, code: "UNAVAILABLE", message } with Retry-After.
  it("answers API requests with a JSON 503 UNAVAILABLE and Retry-After during an outage", async () => {
    app = await startApp();
    const cookie = await signInAs("emma.lefebvre@example.com");
    await database.stop();
    try {
      const response = await createTicket(cookie, "Pendant la panne");
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      const body = (await response.json()) as { ok: boolean; code: string; message: string };
      expect(body).toMatchObject({ ok: false, code: "UNAVAILABLE" });
      expect(body.message.length).toBeGreaterThan(0);
    } finally {
      await database.start();
    }
  });

  it(`load: ${LOAD_CLIENTS} clients for ${LOAD_SECONDS} s of mixed reads and creates, no 5xx, every success stored`, async () => {
    app = await startApp();
    const student = await signInAs("noah.cote@example.com");
    const admin = await signInAs("sophie.tremblay@example.com");
    const tag = `Charge ${Date.now()}`;
    const statuses = new Map<string, number>();
    let created = 0;
    let sequence = 0;
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    const client = async (index: number) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const kind = (index + i) % 3;
        try {
          if (kind === 0) {
            const response = await createTicket(student, `${tag} #${sequence++}`);
            await response.arrayBuffer();
            count(`create ${response.status}`);
            if (response.status === 200) created++;
          } else {
            const path = kind === 1 ? "/admin/demandes" : "/etudiant";
            const response = await fetch(`${appUrl}${path}`, {
              headers: { cookie: kind === 1 ? admin : student },
              redirect: "manual",
            });
            await response.arrayBuffer();
            count(`read ${response.status}`);
          }
        } catch (error) {
          count(`network error ${(error as Error).message}`);
        }
      }
    };
    const startedAt = Date.now();
    await Promise.all(Array.from({ length: LOAD_CLIENTS }, (_, i) => client(i)));
    const seconds = (Date.now() - startedAt) / 1000;
    const summary = Object.fromEntries([...statuses.entries()].sort());
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[faults] load: ${LOAD_CLIENTS} clients, ${seconds.toFixed(1)} s, ${total} requests (${(total / seconds).toFixed(1)}/s), ` +
        `${created} tickets created: ${JSON.stringify(summary)}`,
    );
    expect([...statuses.keys()].filter((key) => / 5\d\d$|network error/.test(key))).toEqual([]);
    expect(await countTickets(tag)).toBe(created);
    expect(created).toBeGreaterThan(0);
  });

  it("retries of a create and a reply whose answers were cut off after the commit are stored once and answer the first answer", async () => {
    app = await startApp();
    const cookie = await signInAs("chloe.bouchard@example.com");
    const subject = `Réponse perdue ${Date.now()}`;
    const createKey = `faults-${randomUUID()}`;
    const createForm = ticketBody(subject);
    await postAndLoseTheAnswer(
      "/api/tickets",
      cookie,
      createKey,
      createForm,
      async () => (await countTickets(subject)) === 1,
    );

    const retried = await postMultipart("/api/tickets", cookie, createKey, createForm);
    expect(retried.status).toBe(200);
    expect(retried.replayed).toBe("true");
    const [stored] = await database.query<{ id: string }>("select id from public.support_tickets where subject = $1", [
      subject,
    ]);
    expect(retried.body).toMatchObject({ ok: true, data: { id: stored?.id } });
    expect(await countTickets(subject)).toBe(1);

    const ticketId = stored?.id ?? "";
    const text = `Message dont la réponse s'est perdue ${randomUUID()}`;
    const replyKey = `faults-${randomUUID()}`;
    const replyForm = multipartBody({ message: text, isInternal: "false" });
    const countMessages = async () =>
      (
        await database.query<{ n: number }>(
          "select count(*)::int as n from public.ticket_messages where message = $1",
          [text],
        )
      )[0]?.n ?? 0;
    const path = `/api/tickets/${ticketId}/messages`;
    await postAndLoseTheAnswer(path, cookie, replyKey, replyForm, async () => (await countMessages()) === 1);
    const again = await postMultipart(path, cookie, replyKey, replyForm);
    const onceMore = await postMultipart(path, cookie, replyKey, replyForm);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe("true");
    expect(onceMore).toEqual(again);
    expect(await countMessages()).toBe(1);

    // One history row and one webhook event per write, whatever the retries.
    const [events] = await database.query<{ created: number; replied: number; webhooks: number }>(
      `select count(*) filter (where type = 'created')::int as created,
              count(*) filter (where type = 'message_added')::int as replied,
              (select count(*) from public.webhook_events w where w.ticket_id = $1)::int as webhooks
         from public.ticket_events where ticket_id = $1`,
      [ticketId],
    );
    expect(events).toEqual({ created: 1, replied: 1, webhooks: 2 });
  });

  it("on SIGTERM lets the requests in flight finish and exits within the grace period", async () => {
    app = await startApp();
    const cookie = await signInAs("chloe.bouchard@example.com");
    const subject = `Envoi lent ${Date.now()}`;
    const { contentType, body } = ticketBody(subject);

    // A slow upload: its body arrives over 3 s, the SIGTERM in the middle.
    const slow = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request({
        host: "localhost",
        port: APP_PORT,
        path: "/api/tickets",
        method: "POST",
        headers: {
          cookie,
          "content-type": contentType,
          "content-length": String(body.length),
          "accept-language": "fr-CA",
        },
      });
      request.on("error", reject);
      request.on("response", (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      const pieces = 6;
      const size = Math.ceil(body.length / pieces);
      let sent = 0;
      const timer = setInterval(() => {
        request.write(body.subarray(sent * size, (sent + 1) * size));
        sent++;
        if (sent === pieces) {
          clearInterval(timer);
          request.end();
        }
      }, 500);
    });

    // Busy keep-alive connections, the case `next start` alone drains forever.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    let busy = true;
    const failures: string[] = [];
    let answered = 0;
    let raced = 0;
    let resetAtClose = 0;
    let signalledAt = 0;
    const answeredOn = new WeakSet<http.ClientRequest>();
    const hammer = async () => {
      while (busy) {
        await new Promise<void>((resolve) => {
          const request = http.get({ host: "localhost", port: APP_PORT, path: "/api/health", agent }, (response) => {
            answeredOn.add(request);
            response.resume();
            response.on("end", () => {
              answered++;
              resolve();
            });
          });
          request.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code === "ECONNREFUSED") {
              busy = false; // a new connection refused once the server stopped listening: the expected end
            } else if (error.code === "ECONNRESET" && request.reusedSocket) {
              // The keep-alive race every HTTP client knows (Node's docs: retry it): the request
              // left on a connection the server was closing as idle; nothing of it was processed.
              raced++;
            } else if (error.code === "ECONNRESET" && signalledAt > 0 && !answeredOn.has(request)) {
              // A new connection the kernel had queued when the listener closed: Linux resets
              // what was never accepted. The same end as a refusal; nothing of it was processed
              // (a request the server had begun would have been answered, or the exit code and
              // the "cut" line below would say otherwise).
              resetAtClose++;
              busy = false;
            } else {
              failures.push(error.code ?? error.message);
            }
            resolve();
          });
        });
      }
    };
    const hammers = Array.from({ length: 4 }, hammer);

    await sleep(1200);
    const linesBefore = app.output.length;
    signalledAt = Date.now();
    app.process.kill("SIGTERM");
    const exit = await app.exited;
    const seconds = (exit.at - signalledAt) / 1000;
    busy = false;
    await Promise.all(hammers);
    agent.destroy();

    const answer = await slow;
    expect(answer.status, answer.text).toBe(200);
    expect(await countTickets(subject)).toBe(1);
    expect(exit.code).toBe(0);
    expect(seconds).toBeLessThan(GRACE_MS / 1000);
    expect(failures).toEqual([]);
    expect(await isListening(APP_PORT)).toBe(false);
    const stopLog = app.output.slice(linesBefore).join("\n");
    expect(stopLog).toMatch(/stopped/);
    expect(stopLog).not.toMatch(/terminating connection|unexpected error|still running after/);
    console.log(
      `[faults] SIGTERM with requests in flight: exited in ${seconds.toFixed(1)} s (grace ${GRACE_MS / 1000} s); ` +
        `slow upload answered ${answer.status}; ${answered} keep-alive requests answered, ${raced} idle keep-alive connections closed under a request (retryable), ${resetAtClose} queued connections reset at close, ${failures.length} cut`,
    );
  });

  it("never leaves an orphaned web server: a dead web server stops the start process, and the reverse", async () => {
    app = await startApp();
    const server = webServerPid(app);
    process.kill(server, "SIGKILL");
    const exit = await Promise.race([app.exited, sleep(15_000).then(() => null)]);
    expect(exit, "the start process stayed up without its web server").not.toBeNull();
    expect(exit?.code).not.toBe(0);
    expect(await isListening(APP_PORT)).toBe(false);

    app = await startApp();
    const orphanCandidate = webServerPid(app);
    app.process.kill("SIGKILL");
    await waitUntil(
      () => !isProcessAlive(orphanCandidate),
      GRACE_MS + 5000,
      "the web server to stop after its parent died",
    );
    expect(await isListening(APP_PORT)).toBe(false);
  });
});
