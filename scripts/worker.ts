/**
 * `npm run worker`: the webhook worker on its own, for deployments that scale it apart from
 * the web app (set WEBHOOK_WORKER=false for `npm start`). Several may run at once: each
 * ticket's events are delivered by one worker at a time, in order. It outlives database
 * outages (it reconnects with backoff) and, on SIGTERM/SIGINT, finishes the attempts in
 * progress only, within SHUTDOWN_GRACE_MS, leaving the rest queued.
 */
import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { env } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";
import { startWorker, type TWorker } from "../src/worker";
import { onWorkerProcessFault } from "./lib/worker-faults";

loadDotEnv();
const config = env();
const database = await openDatabase();
let worker: TWorker | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  const stopAt = Date.now();
  await worker?.stop().catch(() => {});
  await database.stop().catch(() => {});
  console.log(`[worker] Arrêt terminé / stopped (${((Date.now() - stopAt) / 1000).toFixed(1)} s)`);
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
onWorkerProcessFault({ worker: () => worker, log: (line) => console.error(line), fatal: () => void stop(1) });
try {
  await runMigrations(database.url);
  worker = await startWorker({
    connectionString: database.url,
    concurrency: config.WORKER_CONCURRENCY,
    stopTimeoutMs: config.SHUTDOWN_GRACE_MS,
    onFatal: () => void stop(1),
  });
  console.log(`[worker] delivering webhook events (pid ${process.pid}; Ctrl-C to stop)`);
} catch (error) {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
