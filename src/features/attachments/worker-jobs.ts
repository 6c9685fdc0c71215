import "server-only";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { sweepOrphanAttachments } from "./service/sweep-orphan-attachments";

/** The hourly sweep of stored files that no row references (see sweepOrphanAttachments). */
export function attachmentWorkerJobs(): TWorkerJobs {
  return {
    taskList: {
      sweep_orphan_attachments: async (_payload, helpers) => {
        const result = await helpers.withPgClient((client) => sweepOrphanAttachments({ client }));
        if (result.removed.length > 0) {
          helpers.logger.info(`removed ${result.removed.length} orphan attachment(s) of ${result.scanned} scanned`);
        }
      },
    },
    crontab: ["17 * * * * sweep_orphan_attachments"],
  };
}
