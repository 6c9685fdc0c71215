/**
 * `npm run bench:http`: the app over HTTP, as `next start` serves it (production build,
 * loopback only), on a benchmark database made by `npm run bench -- --seed-only --scale X`,
 * signed in as its admin (bench1@bench.example) and a student other than the heavy one:
 *   1. the largest upload the server accepts (a 32 MiB PDF), --uploads times, on the freshly
 *      started server: time from the first byte sent to the response, and the server process's
 *      RSS sampled every 20 ms (baseline, peak, growth) with its VmHWM (reset before each run);
 *   2. autocannon, --connections clients: the admin list's first page (GET /admin/demandes,
 *      server-rendered), then ticket creation (POST /api/tickets, multipart) without a file
 *      and with a 20 KB PDF; req/s, latency p50/p95/p99, non-2xx, tickets really created.
 * Prints a table and writes bench-results/http.json; exits 1 when a case had failures.
 *   --scale 1          database support_tickets_bench_<scale> (must exist)
 *   --duration 20      seconds per autocannon case      --warmup 3   seconds of warm-up before each
 *   --connections 20   concurrent clients               --port 3200  port of the server
 *   --uploads 3        32 MiB uploads
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { MAX_FILE_BYTES } from "../../src/features/attachments/limits";
import { PAGE_SIZE } from "../../src/features/tickets/constants";
import { runMigrations } from "../../src/server/db/migrate";
import { openDatabase } from "../../src/server/db/open-database";
import { childEnv, env } from "../../src/server/env";
import { loadDotEnv } from "../../src/server/load-dotenv";
import { buildIsStale, nextBin } from "../lib/next-app";
import { BENCH_PASSWORD, setBenchPasswords, signIn } from "./bench-accounts";
import { benchDatabaseName, benchWriterStudent, removeBenchWrites, sibling, summarize } from "./bench-db";
import {
  benchPages,
  benchReaders,
  CookieJar,
  pageBytes,
  pageScripts,
  signInReaders,
  type TBenchReaders,
  type TPageSpec,
} from "./bench-pages";
import { envelopeBytes, multipartBody, pdfFile, type TMultipartBody } from "./multipart-body";
import { LOOPBACK_HOST, startNextServer, type TNextServer } from "./next-server";
import { readProcMemory, resetPeakRss, sampleRss } from "./proc-memory";

const SAMPLE_INTERVAL_MS = 20;
const BASELINE_MS = 1000;
const SMALL_FILE_BYTES = 20 * 1024;
const ADMIN_EMAIL = "bench1@bench.example";

// ---------------------------------------------------------------------------- options
loadDotEnv();
const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    duration: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "20" },
    port: { type: "string", default: "3200" },
    uploads: { type: "string", default: "3" },
    "baseline-dir": { type: "string" },
    "page-requests": { type: "string", default: "60" },
    rounds: { type: "string", default: "1" },
  },
});
function numberOption(name: keyof typeof values, check: (n: number) => boolean, expected: string): number {
  const value = Number(values[name]);
  if (!check(value)) {
    console.error(`--${name} must be ${expected} (got "${values[name]}")`);
    process.exit(1);
  }
  return value;
}
const scale = numberOption("scale", (n) => n > 0, "a positive number");
const durationSeconds = numberOption("duration", (n) => Number.isInteger(n) && n >= 1, "a whole number of seconds ≥ 1");
const warmupSeconds = numberOption("warmup", (n) => Number.isInteger(n) && n >= 0, "a whole number of seconds ≥ 0");
const connections = numberOption("connections", (n) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1");
const port = numberOption("port", (n) => Number.isInteger(n) && n >= 1024 && n <= 65535, "a port from 1024 to 65535");
const uploadCount = numberOption("uploads", (n) => Number.isInteger(n) && n >= 0, "a whole number ≥ 0");
const pageRequests = numberOption("page-requests", (n) => Number.isInteger(n) && n >= 0, "a whole number ≥ 0");
const rounds = numberOption("rounds", (n) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1");
const baselineDir = values["baseline-dir"] ? path.resolve(values["baseline-dir"]) : undefined;
const dbName = benchDatabaseName(scale);

// ---------------------------------------------------------------------------- cleanup
const cleanups: (() => Promise<void>)[] = [];
/** The autocannon run in progress, stopped first so the server can drain and exit. */
let running: autocannon.Instance | undefined;
let exiting = false;
async function exit(code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    running?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  }
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the server…`);
    void exit(130);
  });
}

// ---------------------------------------------------------------------------- measuring
type TLatency = ReturnType<typeof summarize> & { mean: number };
type TCaseResult = {
  name: string;
  method: "GET" | "POST";
  path: string;
  seconds: number;
  connections: number;
  responses: number;
  requestsPerSecondMean: number;
  latencyMs: TLatency;
  statusCodes: Record<string, number>;
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  ticketsCreated?: number;
  attachmentsCreated?: number;
  failures: string[];
};
type TCaseSpec = {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Whether a response body is the real answer (the list, a created ticket), not an error page. */
  verify: (body: string) => boolean;
};

async function runAutocannon(url: string, spec: TCaseSpec, seconds: number) {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}${spec.path}`,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections,
        duration: seconds,
        timeout: 30,
        verifyBody: (body) => spec.verify(String(body)),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
    running = instance;
  });
  return { result, latencies, statusCodes };
}

type TRowCounter = () => Promise<{ tickets: number; attachments: number }>;

/**
 * Runs one case: a warm-up (discarded), then the measured run. For a case that creates tickets
 * (`creates`), the student's rows are counted before and after, and checked against the answers:
 * every 2xx must be a ticket (with its files); a few more tickets than answers are requests that
 * were in flight when autocannon stopped (at most one per connection).
 */
async function measureCase(
  url: string,
  spec: TCaseSpec,
  creates?: { filesPerTicket: number; count: TRowCounter },
): Promise<TCaseResult> {
  process.stderr.write(`· ${spec.name}: ${warmupSeconds} s warm-up, ${durationSeconds} s measured…\n`);
  if (warmupSeconds > 0) await runAutocannon(url, spec, warmupSeconds);
  const before = creates ? await settledCount(creates.count) : undefined;
  const { result, latencies, statusCodes } = await runAutocannon(url, spec, durationSeconds);
  const after = creates ? await settledCount(creates.count) : undefined;
  const summary = summarize(latencies);
  const responses = latencies.length;
  const failures: string[] = [];
  if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx responses (${JSON.stringify(statusCodes)})`);
  if (result.mismatches > 0) failures.push(`${result.mismatches} 2xx responses without the expected content`);
  if (result.errors > 0) failures.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (responses === 0) failures.push("no response at all");
  const caseResult: TCaseResult = {
    name: spec.name,
    method: spec.method,
    path: spec.path,
    seconds: durationSeconds,
    connections,
    responses,
    requestsPerSecondMean: result.requests.mean,
    latencyMs: { ...summary, mean: latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, responses) },
    statusCodes,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    failures,
  };
  if (creates && before && after) {
    const tickets = after.tickets - before.tickets;
    const attachments = after.attachments - before.attachments;
    caseResult.ticketsCreated = tickets;
    caseResult.attachmentsCreated = attachments;
    const answered = result["2xx"] - result.mismatches;
    if (tickets < answered) failures.push(`${answered} creations answered, only ${tickets} tickets in the database`);
    if (tickets > answered + connections) {
      failures.push(
        `${tickets} tickets in the database for ${answered} creations answered (+${connections} in flight)`,
      );
    }
    if (attachments !== tickets * creates.filesPerTicket) {
      failures.push(`${attachments} attachments for ${tickets} tickets of ${creates.filesPerTicket} file(s) each`);
    }
  }
  return caseResult;
}

/**
 * Requests cut off when autocannon stops may still be committing on the server: count once
 * the figure holds still (or after 10 s).
 */
async function settledCount<T>(count: () => Promise<T>): Promise<T> {
  let last = await count();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const next = await count();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

const UPLOAD_FIGURES = [
  "seconds",
  "megabytesPerSecond",
  "baselineRssMb",
  "peakRssMb",
  "peakGrowthMb",
  "vmHwmMb",
  "vmHwmGrowthMb",
] as const;

type TUploadRun = {
  status: number;
  ticketId: string;
  seconds: number;
  megabytesPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakGrowthMb: number;
  vmHwmMb: number;
  vmHwmGrowthMb: number;
  samples: number;
};

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const median = (numbers: readonly number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Streams `body` to POST /api/tickets; resolves with the answer and when the first byte left. */
async function postStreaming(server: TNextServer, cookie: string, body: TMultipartBody) {
  const { hostname, port: serverPort } = new URL(server.url);
  const request = http.request({
    host: hostname,
    port: serverPort,
    path: "/api/tickets",
    method: "POST",
    agent: false,
    headers: {
      cookie,
      "content-type": body.contentType,
      "content-length": String(body.length),
      "accept-language": "fr-CA",
    },
  });
  let responded = false;
  const answer = new Promise<{ status: number; text: string; endedAt: number }>((resolve, reject) => {
    request.once("error", reject);
    request.once("response", (response) => {
      responded = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("error", reject);
      response.once("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString(),
          endedAt: performance.now(),
        }),
      );
    });
  });
  answer.catch(() => {}); // a failure is thrown by the `await answer` below, not reported as unhandled
  let startedAt = Number.NaN;
  for (const chunk of body.chunks()) {
    if (responded) break; // answered early (an error): the rest would not be read
    if (Number.isNaN(startedAt)) startedAt = performance.now();
    if (!request.write(chunk)) await Promise.race([once(request, "drain"), answer]);
  }
  request.end();
  const { status, text, endedAt } = await answer;
  return { status, text, startedAt, endedAt };
}

async function uploadLargeFile(
  server: TNextServer,
  cookie: string,
  body: TMultipartBody,
  storedSizeOf: (ticketId: string) => Promise<number | undefined>,
  expectedSize: number,
): Promise<TUploadRun> {
  await new Promise((r) => setTimeout(r, 1000)); // let the previous request's work settle
  const hwmReset = resetPeakRss(server.pid);
  if (!hwmReset) throw new Error(`cannot reset VmHWM of pid ${server.pid} (/proc/${server.pid}/clear_refs)`);
  const sampler = sampleRss(server.pid, SAMPLE_INTERVAL_MS);
  let sent: Awaited<ReturnType<typeof postStreaming>>;
  try {
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    sent = await postStreaming(server, cookie, body);
  } catch (error) {
    sampler.stop();
    throw error;
  }
  const hwmKb = readProcMemory(server.pid).hwmKb;
  const samples = sampler.stop();
  const { status, text, startedAt, endedAt } = sent;

  let ticketId = "";
  try {
    const parsed = JSON.parse(text) as { ok?: boolean; data?: { id?: string } };
    if (parsed.ok && parsed.data?.id) ticketId = parsed.data.id;
  } catch {
    // not JSON: reported below
  }
  if (status < 200 || status > 299 || !ticketId) {
    throw new Error(`the ${body.length}-byte upload answered HTTP ${status}: ${text.slice(0, 300)}`);
  }
  const storedSize = await storedSizeOf(ticketId);
  if (storedSize !== expectedSize) {
    throw new Error(`ticket ${ticketId}: attachment stored with ${storedSize ?? "no"} bytes, ${expectedSize} sent`);
  }
  const baselineKb = median(samples.filter((s) => s.atMs < startedAt).map((s) => s.rssKb));
  const peakKb = Math.max(...samples.filter((s) => s.atMs >= startedAt).map((s) => s.rssKb));
  const seconds = (endedAt - startedAt) / 1000;
  return {
    status,
    ticketId,
    seconds: Math.round(seconds * 1000) / 1000,
    megabytesPerSecond: Math.round((body.length / (1024 * 1024) / seconds) * 10) / 10,
    baselineRssMb: mb(baselineKb),
    peakRssMb: mb(peakKb),
    peakGrowthMb: mb(peakKb - baselineKb),
    vmHwmMb: mb(hwmKb),
    vmHwmGrowthMb: mb(hwmKb - baselineKb),
    samples: samples.length,
  };
}

// ---------------------------------------------------------------------------- setup
/** The benchmark database, checked and ready for sign-in: its people, a category, the counters. */
async function openBenchDatabase() {
  const database = await openDatabase();
  cleanups.push(() => database.stop());
  const serverClient = new pg.Client({ connectionString: database.url });
  await serverClient.connect();
  const exists = await serverClient.query("select 1 from pg_database where datname = $1", [dbName]);
  await serverClient.end();
  const notSeeded = new Error(
    `the benchmark database ${dbName} does not exist or is not filled yet. Create it with:\n` +
      `  npm run bench -- --seed-only --scale ${scale}\n` +
      "(on the server of DATABASE_URL, or on the embedded PostgreSQL when DATABASE_URL is unset)",
  );
  if (!exists.rowCount) throw notSeeded;
  const url = sibling(database.url, dbName);
  await runMigrations(url);

  const db = new pg.Client({ connectionString: url, application_name: "support-tickets-bench-http" });
  await db.connect();
  cleanups.push(() => db.end());
  const hasMeta = await db.query("select to_regclass('public.bench_meta') is not null as present");
  if (!hasMeta.rows[0]?.present) throw notSeeded;
  const seeded = (
    await db.query<{ tickets: number; messages: number; heavy: string }>(
      "select tickets, messages, heavy from bench_meta",
    )
  ).rows[0];
  if (!seeded) throw notSeeded;

  // What earlier runs created goes, now and at the end: every run measures the seeded data.
  const leftOver = await removeBenchWrites(db);
  if (leftOver > 0) process.stderr.write(`Removed ${leftOver} tickets left by earlier benchmark runs.\n`);
  cleanups.push(async () => {
    await removeBenchWrites(db);
  });
  // Tickets are created by another student than the heavy one, whose 200 tickets npm run bench measures.
  const writer = await benchWriterStudent(db);
  const people = await db.query<{ id: string; email: string; role: string }>(
    "select id, email, role from users where email = $1 or id = $2",
    [ADMIN_EMAIL, writer.id],
  );
  const admin = people.rows.find((row) => row.email === ADMIN_EMAIL && row.role === "admin");
  const student = people.rows.find((row) => row.id === writer.id && row.role === "student");
  if (!admin || !student) {
    throw new Error(
      `${dbName} has no admin ${ADMIN_EMAIL} or no second student: rebuild it with npm run bench -- --reseed --seed-only --scale ${scale}`,
    );
  }
  const category = (
    await db.query<{ slug: string }>("select slug from ticket_categories where is_active order by sort_order limit 1")
  ).rows[0]?.slug;
  if (!category) throw new Error(`${dbName} has no active ticket category: no ticket could be created`);
  await setBenchPasswords(db, [admin.id, student.id], BENCH_PASSWORD);

  return {
    url,
    seeded,
    admin,
    student,
    category,
    countStudentRows: async () => {
      const { rows } = await db.query<{ tickets: number; attachments: number }>(
        `select (select count(*) from support_tickets where user_id = $1)::int as tickets,
                (select count(*) from ticket_attachments where uploaded_by = $1)::int as attachments`,
        [student.id],
      );
      return rows[0] ?? { tickets: 0, attachments: 0 };
    },
    storedSizeOf: async (ticketId: string) =>
      (
        await db.query<{ file_size: number }>("select file_size from ticket_attachments where ticket_id = $1", [
          ticketId,
        ])
      ).rows[0]?.file_size,
  };
}

type TApp = {
  /** "this tree", or "baseline" (--baseline-dir: an earlier commit's build, measured alternately). */
  label: string;
  server: TNextServer;
};

/**
 * Starts `next start` for the app in `appDir` (this tree by default, built first when its build is
 * missing or stale, as npm start does). Every app of a run shares the database and the auth
 * secret; each has its own port and file folder.
 */
async function startApp(
  databaseUrl: string,
  options: { label: string; appDir?: string; port: number; secret: string },
): Promise<TApp> {
  const config = env();
  const appUrl = `http://${LOOPBACK_HOST}:${options.port}`;
  // The files of this run's tickets, removed with them at the end (removeBenchWrites).
  const storageDir = path.join(config.dataDir, "bench-http", dbName, `storage-${options.port}`);
  await rm(storageDir, { recursive: true, force: true });
  await mkdir(storageDir, { recursive: true });
  cleanups.push(() => rm(storageDir, { recursive: true, force: true }));
  const serverEnv = childEnv({
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_SECRET: options.secret,
    APP_URL: appUrl,
    PORT: String(options.port),
    STORAGE_DRIVER: "local",
    STORAGE_LOCAL_DIR: storageDir,
    // `next start` runs no worker itself; with no endpoint, events are recorded as skipped (no job).
    WEBHOOK_WORKER: "false",
    MAKE_TICKET_WEBHOOK_URL: "",
    MAKE_BOOKING_WEBHOOK_URL: "",
    // The baselines' routes: a route handler doing only the session lookup, an empty signed-in page.
    BENCH_ROUTES: "true",
    // One student creates thousands of tickets here: the per-user write limits would answer 429.
    RATE_LIMIT_TICKETS_PER_MINUTE: "1000000",
    RATE_LIMIT_TICKETS_PER_DAY: "1000000",
    UPLOAD_QUOTA_BYTES_PER_DAY: String(1024 ** 4),
  });

  if (options.appDir) {
    if (!existsSync(path.join(options.appDir, ".next", "BUILD_ID"))) {
      throw new Error(`${options.appDir} has no production build: run next build there first`);
    }
  } else if (buildIsStale()) {
    process.stderr.write("Building the app (no build yet, or sources changed since)…\n");
    const child = spawn(nextBin(), ["build"], { env: serverEnv, stdio: ["ignore", 2, 2] });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    });
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  }
  process.stderr.write(
    `Starting ${options.label} (${options.appDir ?? "."}) on ${appUrl} (database ${dbName}, files in ${storageDir})…\n`,
  );
  const server = await startNextServer({ port: options.port, env: serverEnv, appDir: options.appDir });
  cleanups.push(() => server.stop());
  return { label: options.label, server };
}

// ---------------------------------------------------------------------------- one client, page by page
type TPageFigures = {
  page: string;
  path: string;
  app: string;
  available: boolean;
  latencyMs?: ReturnType<typeof summarize>;
  htmlBytes?: number;
  payloadBytes?: number;
  gzipBytes?: number;
  /** JavaScript the page loads: files, KB as served, KB gzip. */
  scripts?: { files: number; bytes: number; gzipBytes: number };
};

/**
 * Server time of each page with one client: `pageRequests` requests in a row per page and app,
 * `rounds` times, the apps' order swapped every round so neither always runs first (the machine
 * is shared: what the other processes do drifts in time). Each app's client keeps its cookies
 * as a browser does (a renewed session cache replaces the old one).
 */
const gz = (data: Uint8Array) => gzipSync(data).length;

async function measurePages(apps: TApp[], readers: TBenchReaders): Promise<TPageFigures[]> {
  const pages = benchPages(readers);
  const jars = new Map<string, Record<"admin" | "student", CookieJar>>();
  for (const app of apps) {
    const cookies = await signInReaders(app.server.url, readers);
    jars.set(app.label, { admin: new CookieJar(cookies.admin), student: new CookieJar(cookies.student) });
  }
  const samples = new Map<string, number[]>();
  const figures = new Map<string, TPageFigures>();
  const get = async (app: TApp, page: TPageSpec) => {
    const jar = jars.get(app.label)?.[page.who] as CookieJar;
    const started = performance.now();
    const response = await fetch(`${app.server.url}${page.path}`, {
      headers: { cookie: jar.header(), "accept-language": "fr-CA" },
      redirect: "manual",
    });
    const body = await response.text();
    const ms = performance.now() - started;
    jar.update(response.headers.getSetCookie());
    return { ok: response.status === 200 && page.verify(body), body, ms };
  };
  for (const app of apps) {
    for (const page of pages) {
      const first = await get(app, page);
      const key = `${app.label}|${page.name}`;
      const bytes = pageBytes(first.body);
      figures.set(key, {
        page: page.name,
        path: page.path,
        app: app.label,
        available: first.ok,
        ...(first.ok
          ? {
              htmlBytes: bytes.html,
              payloadBytes: bytes.payload,
              gzipBytes: gzipSync(first.body).length,
              scripts: page.baseline === "session" ? undefined : await pageScripts(app.server.url, first.body, gz),
            }
          : {}),
      });
      if (!first.ok && !page.baseline) {
        throw new Error(`${app.label}: ${page.name} (${page.path}) is not the expected page (HTTP or content)`);
      }
      samples.set(key, []);
    }
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse();
    for (const page of pages) {
      for (const app of order) {
        const key = `${app.label}|${page.name}`;
        if (!figures.get(key)?.available) continue;
        for (let i = 0; i < 5; i++) await get(app, page);
        for (let i = 0; i < pageRequests; i++) {
          const { ok, ms } = await get(app, page);
          if (!ok) throw new Error(`${app.label}: ${page.name} answered something else than the page`);
          samples.get(key)?.push(ms);
        }
      }
    }
    process.stderr.write(`· pages, one client: round ${round + 1}/${rounds} done\n`);
  }
  return [...figures.entries()].map(([key, figure]) =>
    figure.available ? { ...figure, latencyMs: summarize(samples.get(key) ?? []) } : figure,
  );
}

// ---------------------------------------------------------------------------- main
async function main(): Promise<number> {
  const bench = await openBenchDatabase();
  const secret = randomBytes(32).toString("base64url");
  const apps = [await startApp(bench.url, { label: "this tree", port, secret })];
  if (baselineDir) {
    apps.push(await startApp(bench.url, { label: "baseline", appDir: baselineDir, port: port + 1, secret }));
  }
  const [app] = apps as [TApp];
  const readerClient = new pg.Client({ connectionString: bench.url });
  await readerClient.connect();
  const readers = await benchReaders(readerClient);
  await readerClient.end();

  const fields = {
    subject: "Séance impossible à réserver",
    description: "Le calendrier refuse l'heure de ma séance habituelle du jeudi soir.",
    category: bench.category,
  };
  const noFileBody = multipartBody(fields);
  const smallBody = multipartBody(fields, pdfFile("capture-ecran.pdf", SMALL_FILE_BYTES));
  const listRows = (html: string) => html.split('data-testid="admin-ticket-row"').length - 1;
  const createdTicket = (body: string) => /^\{"ok":true,"data":\{"id":"[0-9a-f-]{36}"/.test(body);
  const expectedRows = Math.min(PAGE_SIZE, bench.seeded.tickets);
  /** A fresh sign-in per case and app: the session cache is new, as for a browser that just navigated. */
  const specsFor = async (target: TApp): Promise<{ spec: TCaseSpec; filesPerTicket?: number }[]> => {
    const adminCookie = await signIn(target.server.url, ADMIN_EMAIL, BENCH_PASSWORD);
    const studentCookie = await signIn(target.server.url, bench.student.email, BENCH_PASSWORD);
    const postHeaders = (body: TMultipartBody) => ({
      cookie: studentCookie,
      "content-type": body.contentType,
      "accept-language": "fr-CA",
    });
    return [
      {
        spec: {
          name: "GET /admin/demandes (admin, page 1)",
          method: "GET",
          path: "/admin/demandes",
          headers: { cookie: adminCookie, "accept-language": "fr-CA" },
          verify: (html) => listRows(html) === expectedRows,
        },
      },
      {
        spec: {
          name: "POST /api/tickets (no file)",
          method: "POST",
          path: "/api/tickets",
          headers: postHeaders(noFileBody),
          body: noFileBody.toBuffer(),
          verify: createdTicket,
        },
        filesPerTicket: 0,
      },
      {
        spec: {
          name: "POST /api/tickets (20 KB PDF)",
          method: "POST",
          path: "/api/tickets",
          headers: postHeaders(smallBody),
          body: smallBody.toBuffer(),
          verify: createdTicket,
        },
        filesPerTicket: 1,
      },
    ];
  };

  // One request of each first, with a readable reason when it is not what the case expects
  // (a redirect to the sign-in page, a validation error…).
  for (const target of apps) {
    for (const { spec } of await specsFor(target)) {
      const response = await fetch(`${target.server.url}${spec.path}`, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body ? new Uint8Array(spec.body) : undefined,
        redirect: "manual",
      });
      const text = await response.text();
      if (!response.ok || !spec.verify(text)) {
        const location = response.headers.get("location");
        throw new Error(
          `${target.label}: ${spec.name}: HTTP ${response.status}${location ? ` → ${location}` : ""}, not the expected answer` +
            (spec.method === "GET"
              ? ` (${listRows(text)} list rows, ${expectedRows} expected)`
              : `: ${text.slice(0, 300)}`),
        );
      }
    }
  }

  // The largest body the server takes: a 32 MiB file, or less if UPLOAD_MAX_BODY_BYTES is lower.
  // Sent before the load cases, on a server whose routes are loaded (by the requests above) but
  // whose heap has not yet grown under load: after the load cases the heap has hundreds of MB of
  // free room, and an upload's growth hides in it (measured 0 MB there). This tree only.
  const studentCookie = await signIn(app.server.url, bench.student.email, BENCH_PASSWORD);
  const largeFields = { ...fields, subject: "Relevé de notes numérisé (32 Mo)" };
  const fileName = "releve-de-notes.pdf";
  const largeSize = Math.min(
    MAX_FILE_BYTES,
    env().UPLOAD_MAX_BODY_BYTES - envelopeBytes(largeFields, pdfFile(fileName, 1024)),
  );
  const largeBody = multipartBody(largeFields, pdfFile(fileName, largeSize));
  const uploads: TUploadRun[] = [];
  for (let i = 0; i < uploadCount; i++) {
    process.stderr.write(`· upload ${i + 1}/${uploadCount}: ${largeSize} bytes…\n`);
    uploads.push(await uploadLargeFile(app.server, studentCookie, largeBody, bench.storedSizeOf, largeSize));
  }
  const uploadMedian = Object.fromEntries(
    UPLOAD_FIGURES.map((key) => [key, median(uploads.map((run) => run[key]))]),
  ) as Record<(typeof UPLOAD_FIGURES)[number], number>;
  const uploadMax = Object.fromEntries(
    UPLOAD_FIGURES.map((key) => [key, Math.max(...uploads.map((run) => run[key]))]),
  ) as Record<(typeof UPLOAD_FIGURES)[number], number>;

  const pages = pageRequests > 0 ? await measurePages(apps, readers) : [];

  const cases: (TCaseResult & { app: string; round: number })[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? apps : [...apps].reverse();
    for (let index = 0; index < 3; index++) {
      for (const target of order) {
        const { spec, filesPerTicket } = (await specsFor(target))[index] as {
          spec: TCaseSpec;
          filesPerTicket?: number;
        };
        const creates = filesPerTicket === undefined ? undefined : { filesPerTicket, count: bench.countStudentRows };
        process.stderr.write(`  [${target.label}, round ${round + 1}/${rounds}] `);
        cases.push({ ...(await measureCase(target.server.url, spec, creates)), app: target.label, round: round + 1 });
      }
    }
  }

  // -------------------------------------------------------------------------- report
  const fmt = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : "—");
  const { tickets, messages } = bench.seeded;
  console.log(
    `\nHTTP bench: ${dbName} (${tickets.toLocaleString("en")} tickets, ${messages.toLocaleString("en")} messages), ` +
      `${apps.map((a) => `${a.label} on ${a.server.url}`).join(", ")}, ${os.cpus().length} cores, Node ${process.version}`,
  );
  console.log(
    "Shared machine: compare figures measured in this run only (ratios), never with another run's milliseconds.",
  );
  if (pages.length > 0) {
    console.log(
      `\nOne client, ${rounds} round(s) × ${pageRequests} requests per page and app (apps alternated), ms per page:`,
    );
    console.log(
      `  ${"page".padEnd(30)} ${"app".padEnd(9)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"×session".padStart(8)} ${"×minimal".padStart(8)} ${"HTML KB".padStart(8)} ${"payload".padStart(8)} ${"gzip KB".padStart(8)} ${"JS files".padStart(8)} ${"JS gzip KB".padStart(10)}`,
    );
    const thisTree = (name: string) => pages.find((p) => p.app === "this tree" && p.page === name);
    const sessionP50 = pages.find((p) => p.app === "this tree" && p.path === "/api/banc/session")?.latencyMs?.p50;
    const minimalP50 = pages.find((p) => p.app === "this tree" && p.path === "/banc")?.latencyMs?.p50;
    for (const figure of pages) {
      const p50 = figure.latencyMs?.p50;
      const ratio = (floor: number | undefined) => (p50 && floor ? `${(p50 / floor).toFixed(2)}×` : "—");
      const kb = (bytes: number | undefined) => (bytes === undefined ? "—" : (bytes / 1024).toFixed(1));
      console.log(
        `  ${figure.page.padEnd(30)} ${figure.app.padEnd(9)} ${fmt(p50).padStart(6)} ${fmt(figure.latencyMs?.p95).padStart(6)} ${ratio(sessionP50).padStart(8)} ${ratio(minimalP50).padStart(8)} ${kb(figure.htmlBytes).padStart(8)} ${kb(figure.payloadBytes).padStart(8)} ${kb(figure.gzipBytes).padStart(8)} ${String(figure.scripts?.files ?? "—").padStart(8)} ${kb(figure.scripts?.gzipBytes).padStart(10)}`,
      );
      if (figure.app !== "this tree" && p50 && thisTree(figure.page)?.latencyMs?.p50) {
        const mine = thisTree(figure.page)?.latencyMs?.p50 ?? Number.NaN;
        console.log(`    this tree / baseline: ${(mine / p50).toFixed(2)}× time`);
      }
    }
    console.log("  (×session, ×minimal: p50 over this tree's baselines of this run; HTML KB includes the payload)");
  }
  console.log(
    `\nautocannon: ${connections} connections, ${durationSeconds} s per case after a ${warmupSeconds} s warm-up`,
  );
  console.log(
    `  ${"case".padEnd(36)} ${"app".padEnd(9)} ${"round".padStart(5)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"responses".padStart(9)} ${"non-2xx".padStart(7)} ${"wrong".padStart(5)} ${"errors".padStart(6)}  created`,
  );
  for (const c of cases) {
    const created =
      c.ticketsCreated === undefined
        ? "—"
        : `${c.ticketsCreated} tickets${c.attachmentsCreated ? `, ${c.attachmentsCreated} files` : ""}`;
    console.log(
      `  ${c.name.padEnd(36)} ${c.app.padEnd(9)} ${String(c.round).padStart(5)} ${fmt(c.requestsPerSecondMean).padStart(7)} ${fmt(c.latencyMs.p50).padStart(7)} ${fmt(c.latencyMs.p95).padStart(7)} ${fmt(c.latencyMs.p99).padStart(7)} ${String(c.responses).padStart(9)} ${String(c.non2xx).padStart(7)} ${String(c.mismatches).padStart(5)} ${String(c.errors).padStart(6)}  ${created}`,
    );
    for (const failure of c.failures) console.log(`    FAILED: ${failure}`);
  }
  if (apps.length > 1) {
    console.log("\n  this tree / baseline, req/s per round:");
    for (const name of new Set(cases.map((c) => c.name))) {
      const ratios = [...new Set(cases.map((c) => c.round))].map((round) => {
        const mine = cases.find((c) => c.name === name && c.round === round && c.app === "this tree");
        const theirs = cases.find((c) => c.name === name && c.round === round && c.app !== "this tree");
        return mine && theirs ? `${(mine.requestsPerSecondMean / theirs.requestsPerSecondMean).toFixed(2)}×` : "—";
      });
      console.log(`  ${name.padEnd(36)} ${ratios.join("  ")}`);
    }
  }
  if (uploads.length > 0) {
    console.log(
      `\n  Upload of a ${largeSize.toLocaleString("en")}-byte PDF (body ${largeBody.length.toLocaleString("en")} bytes) to POST /api/tickets; ` +
        `server pid ${app.server.pid}: RSS every ${SAMPLE_INTERVAL_MS} ms, VmHWM reset before each run`,
    );
    console.log(
      `  ${"run".padEnd(7)} ${"time s".padStart(7)} ${"MB/s".padStart(6)} ${"baseline RSS MB".padStart(15)} ${"peak RSS MB".padStart(11)} ${"growth MB".padStart(9)} ${"VmHWM MB".padStart(8)} ${"HWM growth MB".padStart(13)}`,
    );
    const uploadRow = (label: string, run: Record<(typeof UPLOAD_FIGURES)[number], number>) =>
      console.log(
        `  ${label.padEnd(7)} ${fmt(run.seconds, 2).padStart(7)} ${fmt(run.megabytesPerSecond).padStart(6)} ${fmt(run.baselineRssMb).padStart(15)} ${fmt(run.peakRssMb).padStart(11)} ${fmt(run.peakGrowthMb).padStart(9)} ${fmt(run.vmHwmMb).padStart(8)} ${fmt(run.vmHwmGrowthMb).padStart(13)}`,
      );
    uploads.forEach((run, i) => {
      uploadRow(String(i + 1), run);
    });
    uploadRow("median", uploadMedian);
    uploadRow("max", uploadMax);
  }

  await mkdir("bench-results", { recursive: true });
  const results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    database: { name: dbName, scale, tickets, messages },
    apps: apps.map((a) => ({ label: a.label, url: a.server.url, pid: a.server.pid })),
    autocannon: { connections, durationSeconds, warmupSeconds, rounds },
    pages,
    cases,
    upload: {
      fileBytes: largeSize,
      bodyBytes: largeBody.length,
      sampleIntervalMs: SAMPLE_INTERVAL_MS,
      runs: uploads,
      median: uploadMedian,
      max: uploadMax,
    },
  };
  await writeFile("bench-results/http.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("\n→ bench-results/http.json");
  if (cases.some((c) => c.failures.length > 0)) {
    console.error("Some cases failed (see FAILED above).");
    return 1;
  }
  return 0;
}

main().then(
  (code) => exit(code),
  (error: unknown) => {
    console.error(`bench:http: ${error instanceof Error ? error.message : String(error)}`);
    return exit(1);
  },
);
