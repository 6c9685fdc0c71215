import "server-only";
import { asServiceRole, type TSqlClient } from "@/server/db/service-role";

export type TBackfillResult = { counted: number; done: boolean; rebuilt: boolean };

/**
 * Counts the tickets that existed before the analytics (migration 0026), one committed batch
 * at a time (app.analytics_backfill_batch: `batchSize` tickets, share-locked, in id order), until
 * done or `budgetMs` has passed. When the days' time zone is not `timeZone` (APP_TIME_ZONE was
 * changed), starts over in that zone first (app.analytics_rebuild). Service role only.
 */
export async function runAnalyticsBackfill(options: {
  client: TSqlClient;
  timeZone: string;
  batchSize?: number;
  budgetMs?: number;
  onBatch?: (counted: number) => void;
}): Promise<TBackfillResult> {
  const { client } = options;
  const started = Date.now();
  let rebuilt = false;
  const state = await asServiceRole(client, async () => {
    const { rows } = await client.query<{ time_zone: string; backfill_done: boolean }>(
      "select time_zone, backfill_done from public.analytics_state",
    );
    return rows[0];
  });
  if (!state) return { counted: 0, done: true, rebuilt };
  if (state.time_zone !== options.timeZone) {
    await asServiceRole(client, () => client.query("select app.analytics_rebuild($1)", [options.timeZone]));
    rebuilt = true;
  } else if (state.backfill_done) {
    return { counted: 0, done: true, rebuilt };
  }
  let counted = 0;
  for (;;) {
    const n = await asServiceRole(client, async () => {
      const { rows } = await client.query<{ n: number }>("select app.analytics_backfill_batch($1) as n", [
        options.batchSize ?? 5000,
      ]);
      return Number(rows[0]?.n ?? 0);
    });
    if (n === 0) return { counted, done: true, rebuilt };
    counted += n;
    options.onBatch?.(counted);
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) {
      return { counted, done: false, rebuilt };
    }
  }
}
