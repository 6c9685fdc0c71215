import "server-only";
import { withServiceRoleOn } from "@/server/db/with-user";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { autoCloseResolvedTickets } from "./service/auto-close-resolved-tickets";
import { runMessageSearchBackfill } from "./service/run-message-search-backfill";

/**
 * The tickets feature's jobs for the worker (src/worker): every hour (graphile-worker runs a
 * cron line once per tick across all workers), resolved tickets past the delay close.
 * message_search_backfill: queued at every worker start; gives messages written before migration
 * 0040 their search vector in committed batches for up to 20 s, then queues itself again from
 * where it stopped (the payload's `after`) until done. A pass over messages already filled only
 * reads them.
 */
export function ticketWorkerJobs(): TWorkerJobs {
  return {
    taskList: {
      auto_close_tickets: async (_payload, helpers) => {
        // On the job's own connection: the worker process has no app pool.
        const closed = await helpers.withPgClient((client) =>
          autoCloseResolvedTickets({ transaction: (work) => withServiceRoleOn(client, work) }),
        );
        if (closed > 0) helpers.logger.info(`closed ${closed} resolved ticket(s) past the auto-close delay`);
      },
      message_search_backfill: async (payload, helpers) => {
        const from = (payload as { after?: unknown } | null)?.after;
        const result = await helpers.withPgClient((client) =>
          runMessageSearchBackfill({ client, after: typeof from === "string" ? from : null, budgetMs: 20_000 }),
        );
        if (!result.done) {
          await helpers.addJob(
            "message_search_backfill",
            { after: result.after },
            { jobKey: "message_search_backfill", runAt: new Date(Date.now() + 1000) },
          );
        }
      },
    },
    crontab: ["23 * * * * auto_close_tickets"],
    startupJobs: [{ identifier: "message_search_backfill", jobKey: "message_search_backfill" }],
  };
}
