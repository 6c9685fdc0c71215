/**
 * `npm run analytics:backfill`: counts the tickets that existed before the analytics (migration
 * 0026) now, in committed batches, instead of waiting for the worker's analytics_backfill job.
 *   --rebuild   start over (empties analytics_daily, then counts every ticket)
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { loadDotEnv } from "../src/server/load-dotenv";

loadDotEnv();
const { values } = parseArgs({ options: { rebuild: { type: "boolean", default: false } } });
const { env } = await import("../src/server/env");
const { runAnalyticsBackfill } = await import("../src/features/analytics/service/run-analytics-backfill");
const client = new pg.Client({ connectionString: env().DATABASE_URL });
await client.connect();
try {
  if (values.rebuild) {
    await client.query("begin");
    await client.query("set local role service_role");
    await client.query("select app.analytics_rebuild($1)", [env().APP_TIME_ZONE]);
    await client.query("commit");
  }
  const started = performance.now();
  const result = await runAnalyticsBackfill({
    client,
    timeZone: env().APP_TIME_ZONE,
    onBatch: (counted) => process.stdout.write(`\r[analytics] ${counted} tickets counted`),
  });
  console.log(
    `\n[analytics] ${result.done ? "done" : "stopped"}: ${result.counted} tickets in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await client.end();
}
