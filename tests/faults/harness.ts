/**
 * The fault suite's machinery: its own embedded PostgreSQL (own port, own folder, stopped and
 * started again to make outages), the app (`scripts/start.ts`) and the worker
 * (`scripts/worker.ts`) as child processes on their own ports, a local webhook receiver, and
 * an HTTP client that signs in like a browser.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedDatabase } from "@/server/db/embedded";
import { buildIsStale, nextBin } from "../../scripts/lib/next-app";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 54397);
export const APP_PORT = Number(process.env.FAULTS_APP_PORT ?? 3611);
// The abuse run (tests/abuse) uses this machinery too, on its own port and folder.
const DATA_DIR = process.env.FAULTS_DATA_DIR
  ? path.resolve(ROOT, process.env.FAULTS_DATA_DIR)
  : path.join(ROOT, ".data", "faults");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export type TFaultDatabase = {
  url: () => string;
  /** Stops the server (fast shutdown: open connections are terminated). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  query: <T = Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
};

/** A fresh embedded PostgreSQL under .data/faults on PG_PORT. */
export async function startFaultDatabase(): Promise<TFaultDatabase> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  let server: TEmbeddedDatabase = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT });
  let pool: pg.Pool | undefined;
  const poolOf = () => {
    if (!pool) {
      pool = new pg.Pool({ connectionString: server.url, max: 2 });
      pool.on("error", () => {});
    }
    return pool;
  };
  const closePool = async () => {
    const old = pool;
    pool = undefined;
    await old?.end().catch(() => {});
  };
  return {
    url: () => server.url,
    stop: async () => {
      await closePool();
      await server.stop();
    },
    start: async () => {
      server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT });
    },
    query: async <T>(text: string, values?: unknown[]) => (await poolOf().query(text, values)).rows as T[],
    close: async () => {
      await closePool();
      await server.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

export type TChild = {
  process: ChildProcess;
  output: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  alive: () => boolean;
};

/** Runs one of our scripts in a single Node process (no tsx wrapper), so its pid is the script's. */
export function spawnScript(script: string, env: Record<string, string>): TChild {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) output.push(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { process: child, output, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

export async function stopChild(child: TChild | undefined): Promise<void> {
  if (!child?.alive()) return;
  child.process.kill("SIGTERM");
  const exited = await Promise.race([child.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!exited) child.process.kill("SIGKILL");
}

/** Process ids of `pid`'s children. */
export function childPidsOf(pid: number): number[] {
  try {
    return execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
      .split("\n")
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when something accepts connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/api/health", timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    request.on("error", () => resolve(false));
    request.on("timeout", () => {
      request.destroy();
      resolve(true);
    });
  });
}

/** Builds the app once if the production build is missing or older than the sources. */
export function ensureBuild(): void {
  if (!buildIsStale(ROOT)) return;
  execFileSync(nextBin(ROOT), ["build"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}

export const SIGNING_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

/** The environment of the app and worker children: our database, our receiver, our ports. */
export function childEnvFor(database: TFaultDatabase, receiverUrl: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: database.url(),
    DATA_DIR: path.join(DATA_DIR, "app"),
    PORT: String(APP_PORT),
    APP_URL: `http://localhost:${APP_PORT}`,
    SEED_DEMO_DATA: "false",
    MAKE_TICKET_WEBHOOK_URL: receiverUrl,
    MAKE_WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
    WEBHOOK_TIMEOUT_MS: "3000",
    WORKER_CONCURRENCY: "4",
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook receiver

export type TReceiver = {
  url: string;
  /** Event ids (webhook-id) in the order they arrived, duplicates included. */
  received: string[];
  receivedAt: number[];
  /** What to answer: a status code (after `delayMs`). */
  setReply: (status: number, delayMs?: number) => void;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<TReceiver> {
  let status = 200;
  let delayMs = 0;
  const received: string[] = [];
  const receivedAt: number[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      setTimeout(() => {
        if (status < 300) {
          received.push(String(request.headers["webhook-id"]));
          receivedAt.push(Date.now());
        }
        response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "Accepted" : "down");
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    receivedAt,
    setReply: (next, nextDelay = 0) => {
      status = next;
      delayMs = nextDelay;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Events and the app over HTTP

/** Writes `count` webhook events spread over `ticketIds`, as the ticket pipeline would. */
export async function enqueueEvents(database: TFaultDatabase, ticketIds: string[], count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url() });
  await client.connect();
  try {
    await client.query("set role service_role");
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { rows } = await client.query<{ id: string }>(
        "select public.enqueue_webhook_event('ticket.message_added', $1::uuid, $2::jsonb) as id",
        [ticketIds[i % ticketIds.length], JSON.stringify({ seq: i })],
      );
      ids.push(String(rows[0]?.id));
    }
    return ids;
  } finally {
    await client.end();
  }
}

export const appUrl = `http://localhost:${APP_PORT}`;

/** A multipart body for POST /api/tickets (no file). */
export function ticketBody(subject: string): { contentType: string; body: Buffer } {
  return multipartBody({
    subject,
    description: "Le calendrier refuse l'heure de ma séance habituelle du jeudi soir.",
    category: "paiement",
  });
}

/** A multipart/form-data body of text fields, as the forms and the upload client send it. */
export function multipartBody(fields: Record<string, string>): { contentType: string; body: Buffer } {
  const boundary = `----faults${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`, "utf8"),
  };
}
