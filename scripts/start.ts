/**
 * `npm start`: one command from a fresh clone to a running app.
 * Starts the embedded PostgreSQL (unless DATABASE_URL is set), applies migrations,
 * seeds the demo data on an empty embedded database, builds the app when the build is
 * missing or older than the sources, then serves it and stops everything on Ctrl-C.
 * `npm run dev` does the same with `next dev`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { startWebhookWorker, type TWebhookWorker } from "../src/features/webhooks/worker/start-worker";
import { readOrCreateLocalSecret } from "../src/server/auth/secret";
import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../src/server/db/seed/demo-accounts";
import { seedDemoData } from "../src/server/db/seed/seed-demo";
import { childEnv, env } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";
import { buildIsStale, nextBin, waitForHealth } from "./lib/next-app";

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
  let worker: TWebhookWorker | undefined;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server?.once("exit", r));
    }
    await worker?.stop().catch(() => {});
    await database.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await runMigrations(database.url);
    log("migrations applied");
    const seedWanted = config.SEED_DEMO_DATA ? config.SEED_DEMO_DATA === "true" : database.embedded;
    if (seedWanted) {
      const { seeded } = await seedDemoData(database.url, { log });
      if (seeded) log("demo data created");
    }

    if (config.WEBHOOK_WORKER === "true") {
      worker = await startWebhookWorker({ connectionString: database.url, concurrency: config.WORKER_CONCURRENCY });
      log("webhook worker started");
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

    const args = dev ? ["dev", "-p", String(config.PORT)] : ["start", "-p", String(config.PORT)];
    server = spawn(nextBin(), args, {
      stdio: "inherit",
      env: childEnv({ ...serverEnv, NODE_ENV: dev ? "development" : "production" }),
    });
    server.on("exit", (code) => {
      if (!stopping) {
        console.error(`[start] the web server stopped (exit code ${code}); shutting down`);
        void shutdown(code ?? 1);
      }
    });

    if (await waitForHealth(`http://127.0.0.1:${config.PORT}/api/health`, 120_000)) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(`\n  Support tickets is running at ${config.appUrl}  (ready in ${seconds} s)\n`);
      if (seedWanted) {
        console.log(`  Demo accounts (password for all: ${DEMO_PASSWORD})`);
        for (const account of DEMO_ACCOUNTS) console.log(`    ${account.role.padEnd(8)} ${account.email}`);
        console.log("");
      }
      console.log("  Press Ctrl-C to stop.\n");
    } else {
      console.error("[start] the web server did not answer /api/health within 2 minutes");
    }
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
