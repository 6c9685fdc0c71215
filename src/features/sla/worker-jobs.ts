import "server-only";
import { withServiceRoleOn } from "@/server/db/with-user";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { backfillSla } from "./service/backfill-sla";
import { escalateSla, type TEmitSlaEvent } from "./service/escalate-sla";

/**
 * The SLA feature's jobs: the escalation pass every minute (warnings and breaches, once each),
 * and the backfill of tickets created before the clock existed (queued at start; it queues
 * itself again until none is left). `emit` is the tickets pipeline's emitTicketEvent as the
 * system, given by the worker's composition root (this feature does not import tickets).
 */
export function slaWorkerJobs(options: { emit: TEmitSlaEvent }): TWorkerJobs {
  return {
    taskList: {
      sla_escalate: async (_payload, helpers) => {
        // On the job's own connection: the worker process has no app pool.
        const result = await helpers.withPgClient((client) =>
          escalateSla(options.emit, { transaction: (work) => withServiceRoleOn(client, work) }),
        );
        if (result.warnings + result.breaches > 0) {
          helpers.logger.info(`SLA: ${result.warnings} warning(s), ${result.breaches} breach(es)`);
        }
      },
      sla_backfill: async (_payload, helpers) => {
        const result = await helpers.withPgClient((client) =>
          backfillSla({ transaction: (work) => withServiceRoleOn(client, work) }),
        );
        if (result.written > 0) helpers.logger.info(`SLA backfill: ${result.written} ticket(s)`);
        if (result.more) await helpers.addJob("sla_backfill", {}, { jobKey: "sla_backfill" });
      },
    },
    crontab: ["* * * * * sla_escalate"],
    startupJobs: [{ identifier: "sla_backfill", jobKey: "sla_backfill" }],
  };
}
