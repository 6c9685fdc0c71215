/**
 * `npm start`: one command from a fresh clone to a running app.
 * Starts the embedded PostgreSQL (unless DATABASE_URL is set), applies migrations,
 * seeds the demo data on an empty embedded database, builds the app when the build is
 * missing or older than the sources, then serves it and stops everything on Ctrl-C.
 * `npm run dev` does the same with `next dev`.
 *
 * It supervises what it starts: the web server exiting on its own, or the in-process worker
 * failing for good, stops everything and exits non-zero, so an outside supervisor restarts a
 * whole app, never a half-alive one. The web server also stops by itself if this process
 * disappears (scripts/lib/bounded-shutdown.cjs). Stopping is bounded by SHUTDOWN_GRACE_MS:
 * the app and the worker first, the database last.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { startInboundSmtpServer, type TInboundSmtpServer } from "../src/features/email-replies";
import { readOrCreateLocalSecret } from "../src/server/auth/secret";
import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/server/db/seed/demo-accounts";
import { seedDemoData } from "../src/server/db/seed/seed-demo";
import { childEnv, env, resetEnvCache } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";
import { startWorker, type TWorker } from "../src/worker";
import { buildIsStale, nextBin, waitForHealth } from "./lib/next-app";
import { boundedShutdownEnv, localUrlOf, refuseMethodsEnv, waitForExit } from "./lib/serve";
import { onWorkerProcessFault } from "./lib/worker-faults";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[start] ${line}`);

function run(command: string, args: string[], extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: childEnv(extraEnv) });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = env();
  const startedAt = Date.now();
  let stopping = false;
  const database = await openDatabase((line) => {
    if (!stopping && /\b(ERROR|FATAL|PANIC)\b/.test(line)) console.error(`[postgres] ${line}`);
  });
  log(database.embedded ? "embedded PostgreSQL is running" : "using DATABASE_URL");

  let server: ChildProcess | undefined;
  let worker: TWorker | undefined;
  let inbound: TInboundSmtpServer | undefined;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const stopAt = Date.now();
    const stopServer = async () => {
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      server.kill("SIGTERM");
      // The server bounds its own drain by SHUTDOWN_GRACE_MS; this is the backstop.
      if (!(await waitForExit(server, config.SHUTDOWN_GRACE_MS + 1500))) server.kill("SIGKILL");
    };
    await Promise.all([stopServer(), worker?.stop().catch(() => {}), inbound?.close().catch(() => {})]);
    await database.stop().catch(() => {});
    const seconds = ((Date.now() - stopAt) / 1000).toFixed(1);
    console.log(`[start] Arrêt terminé / stopped (app and worker, then database; ${seconds} s)`);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  onWorkerProcessFault({
    worker: () => worker,
    log: (line) => console.error(line),
    fatal: () => void shutdown(1),
  });

  try {
    await runMigrations(database.url);
    log("migrations applied");
    // Host mode: never any demo data in the host app's database (npm run db:seed refuses too).
    if (config.HOST_MODE && config.SEED_DEMO_DATA === "true") {
      throw new Error("HOST_MODE=true: the demo data is never loaded into a host app's database");
    }
    const seedWanted =
      !config.HOST_MODE && (config.SEED_DEMO_DATA ? config.SEED_DEMO_DATA === "true" : database.embedded);
    if (seedWanted) {
      const { seeded } = await seedDemoData(database.url, { log });
      if (seeded) log("demo data created");
    }

    if (config.WEBHOOK_WORKER === "true") {
      worker = await startWorker({
        connectionString: database.url,
        concurrency: config.WORKER_CONCURRENCY,
        stopTimeoutMs: config.SHUTDOWN_GRACE_MS,
        onFatal: () => void shutdown(1),
      });
      log("webhook worker started");
    }

    // Replies by email: only when configured (docs/email.md); `npm run mail:inbound` otherwise.
    if (config.MAIL_INBOUND_PORT !== undefined) {
      if (!process.env.DATABASE_URL) {
        process.env.DATABASE_URL = database.url;
        resetEnvCache();
      }
      inbound = await startInboundSmtpServer({
        port: config.MAIL_INBOUND_PORT,
        host: config.MAIL_INBOUND_HOST,
        maxBytes: config.MAIL_INBOUND_MAX_BYTES,
      });
      log(`replies by email: SMTP listener on ${config.MAIL_INBOUND_HOST}:${inbound.port}`);
    }

    const secret = await readOrCreateLocalSecret(config.dataDir, config.BETTER_AUTH_SECRET);
    const serverEnv = {
      DATABASE_URL: database.url,
      BETTER_AUTH_SECRET: secret,
      APP_URL: config.appUrl,
      PORT: String(config.PORT),
    };

    if (!dev && buildIsStale()) {
      log("building the app (first start or sources changed)…");
      const code = await run(nextBin(), ["build"], { ...serverEnv, NODE_ENV: "production" });
      if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
    }
    if (stopping) return;

    const listen = ["-H", config.HOST, "-p", String(config.PORT)];
    server = dev
      ? spawn(nextBin(), ["dev", ...listen], {
          stdio: "inherit",
          env: childEnv({ ...serverEnv, ...refuseMethodsEnv(), NODE_ENV: "development" }),
        })
      : spawn(nextBin(), ["start", ...listen], {
          // The IPC channel closes when this process dies, however it dies: the server then stops.
          stdio: ["inherit", "inherit", "inherit", "ipc"],
          env: childEnv({
            ...serverEnv,
            ...refuseMethodsEnv(boundedShutdownEnv(config.SHUTDOWN_GRACE_MS)),
            NODE_ENV: "production",
          }),
        });
    server.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`[start] the web server stopped (${signal ?? `exit code ${code}`}); stopping everything`);
        void shutdown(code || 1);
      }
    });

    if (
      await waitForHealth(`${localUrlOf(config.HOST, config.PORT)}/api/health`, 120_000, { stopWhen: () => stopping })
    ) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(`\n  Support tickets is running at ${config.appUrl}  (ready in ${seconds} s)\n`);
      if (seedWanted) {
        console.log(`  Demo accounts (password for all: ${DEMO_PASSWORD})`);
        for (const account of DEMO_ACCOUNTS) console.log(`    ${account.role.padEnd(8)} ${account.email}`);
        console.log("");
      }
      console.log("  Press Ctrl-C to stop.\n");
    } else if (!stopping) {
      console.error("[start] the web server did not answer /api/health within 2 minutes");
    }
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
