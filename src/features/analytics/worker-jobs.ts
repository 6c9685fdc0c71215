import "server-only";
import { env } from "@/server/env";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { runAnalyticsBackfill } from "./service/run-analytics-backfill";

/**
 * analytics_backfill: queued at every worker start; counts pre-existing tickets into the
 * analytics in committed batches for up to 20 s, then queues itself again until done (so a
 * million tickets never hold one long transaction or one long job). Nothing to do on a new
 * database.
 */
export function analyticsWorkerJobs(): TWorkerJobs {
  return {
    taskList: {
      analytics_backfill: async (_payload, helpers) => {
        const result = await helpers.withPgClient((client) =>
          runAnalyticsBackfill({ client, timeZone: env().APP_TIME_ZONE, budgetMs: 20_000 }),
        );
        if (result.counted > 0) helpers.logger.info(`analytics: counted ${result.counted} earlier ticket(s)`);
        if (!result.done) {
          await helpers.addJob(
            "analytics_backfill",
            {},
            { jobKey: "analytics_backfill", runAt: new Date(Date.now() + 1000) },
          );
        }
      },
    },
    crontab: [],
    startupJobs: [{ identifier: "analytics_backfill", jobKey: "analytics_backfill" }],
  };
}
