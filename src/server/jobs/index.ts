import "server-only";
import type { TaskList } from "graphile-worker";
import { sweepOrphanAttachments } from "@/features/attachments/service/sweep-orphan-attachments";

/**
 * Background jobs other than webhook delivery, run by the same graphile-worker
 * (src/features/webhooks/worker/start-worker.ts adds these tasks and cron lines to its own).
 */
export const backgroundTasks: TaskList = {
  sweep_orphan_attachments: async (_payload, helpers) => {
    const result = await helpers.withPgClient((client) => sweepOrphanAttachments({ client }));
    if (result.removed.length > 0) {
      helpers.logger.info(`removed ${result.removed.length} orphan attachment(s) of ${result.scanned} scanned`);
    }
  },
};

/** graphile-worker crontab lines: minute hour day month weekday task. */
export const backgroundCrontab: readonly string[] = ["17 * * * * sweep_orphan_attachments"];
