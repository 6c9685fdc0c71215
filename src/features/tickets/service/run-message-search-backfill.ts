import "server-only";
import { asServiceRole, type TSqlClient } from "@/server/db/service-role";

export type TMessageSearchBackfillResult = { after: string | null; done: boolean };

/**
 * Fills the search vector of messages written before migration 0040, one committed batch at a
 * time (app.message_search_backfill_batch: `batchSize` messages in id order, only those still
 * without a vector are written), from `after` until the last message or until `budgetMs` has
 * passed. Returns where to go on from. Service role only.
 */
export async function runMessageSearchBackfill(options: {
  client: TSqlClient;
  after?: string | null;
  batchSize?: number;
  budgetMs?: number;
  onBatch?: (after: string) => void;
}): Promise<TMessageSearchBackfillResult> {
  const { client } = options;
  const started = Date.now();
  let after = options.after ?? null;
  for (;;) {
    const last = await asServiceRole(client, async () => {
      const { rows } = await client.query<{ last: string | null }>(
        "select app.message_search_backfill_batch($1::uuid, $2) as last",
        [after, options.batchSize ?? 5000],
      );
      return rows[0]?.last ?? null;
    });
    if (last === null) return { after, done: true };
    after = last;
    options.onBatch?.(after);
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) return { after, done: false };
  }
}
