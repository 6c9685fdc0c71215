/**
 * `npm run search:backfill`: gives the messages written before migration 0040 their search
 * vector now, in committed batches, instead of waiting for the worker's message_search_backfill
 * job (docs/benchmarks.md). Safe to run again: messages that have one are only read.
 */
import pg from "pg";
import { loadDotEnv } from "../src/server/load-dotenv";

loadDotEnv();
const { env } = await import("../src/server/env");
const { runMessageSearchBackfill } = await import("../src/features/tickets/service/run-message-search-backfill");
const client = new pg.Client({ connectionString: env().DATABASE_URL });
await client.connect();
try {
  const started = performance.now();
  let batches = 0;
  const result = await runMessageSearchBackfill({
    client,
    onBatch: () => {
      batches += 1;
      process.stdout.write(`\r[search] ${batches} batches`);
    },
  });
  console.log(
    `\n[search] ${result.done ? "done" : "stopped"}: ${batches} batches in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await client.end();
}
