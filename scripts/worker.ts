/**
 * `npm run worker`: the webhook worker on its own, for deployments that scale it apart from
 * the web app (set WEBHOOK_WORKER=false for `npm start`). Several may run at once: each
 * ticket's events are delivered by one worker at a time, in order.
 */
import { startWebhookWorker } from "../src/features/webhooks/worker/start-worker";
import { runMigrations } from "../src/server/db/migrate";
import { openDatabase } from "../src/server/db/open-database";
import { env } from "../src/server/env";
import { loadDotEnv } from "../src/server/load-dotenv";

loadDotEnv();
const database = await openDatabase();
try {
  await runMigrations(database.url);
  const worker = await startWebhookWorker({ connectionString: database.url, concurrency: env().WORKER_CONCURRENCY });
  console.log("[worker] delivering webhook events (Ctrl-C to stop)");
  const stop = async () => {
    await worker.stop();
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} catch (error) {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  await database.stop();
  process.exit(1);
}
