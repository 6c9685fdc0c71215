import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { logUnexpectedError } from "../log";
import { type TActingUser, withUser } from "./with-user";

/**
 * Streams the rows of `query`, run as `actor` under RLS (withUser), from a server-side cursor: one
 * transaction (DECLARE … CURSOR, then FETCH `batchSize` at a time) that pauses while the
 * consumer is behind (the stream's back-pressure), so memory holds one batch and a few
 * encoded chunks whatever the number of rows. `toText` turns a batch into text (CSV lines).
 * Cancelling the stream (the client went away) ends the transaction at the next batch.
 */
export function streamRowsAsUser<Row>(
  actor: TActingUser,
  query: SQL,
  toText: (rows: Row[]) => string,
  options: { prefix?: string; batchSize?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 10_000));
  let resume: (() => void) | null = null;
  let cancelled = false;
  const waitForDemand = () => new Promise<void>((resolve) => (resume = resolve));

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (options.prefix) controller.enqueue(encoder.encode(options.prefix));
        void withUser(actor, async (tx) => {
          await tx.execute(sql`declare row_stream no scroll cursor for ${query}`);
          for (;;) {
            if (cancelled) return;
            const { rows } = await tx.execute(sql.raw(`fetch forward ${batchSize} from row_stream`));
            if (rows.length === 0) break;
            // Cancelled while the batch was on its way: the stream takes nothing more.
            if (cancelled) return;
            controller.enqueue(encoder.encode(toText(rows as Row[])));
            if ((controller.desiredSize ?? 1) <= 0) await waitForDemand();
          }
          await tx.execute(sql`close row_stream`);
        }).then(
          () => {
            if (!cancelled) controller.close();
          },
          (error: unknown) => {
            // The headers are gone already: the download ends early, and the log says why
            // (never the browser: no SQL or stack in the file).
            logUnexpectedError("csv stream", error);
            if (!cancelled) controller.error(new Error("the export stopped"));
          },
        );
      },
      pull() {
        resume?.();
        resume = null;
      },
      cancel() {
        cancelled = true;
        resume?.();
        resume = null;
      },
    },
    // A few batches' worth of chunks in flight at most.
    { highWaterMark: 4 },
  );
}
