import "server-only";
import { withServiceRoleOn } from "@/server/db/with-user";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { autoCloseResolvedTickets } from "./service/auto-close-resolved-tickets";

/**
 * The tickets feature's job for the worker (src/worker): every hour (graphile-worker runs a
 * cron line once per tick across all workers), resolved tickets past the delay close.
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
    },
    crontab: ["23 * * * * auto_close_tickets"],
  };
}
