import "server-only";
import { Logger, run, type TaskList } from "graphile-worker";
import { analyticsWorkerJobs } from "@/features/analytics/worker-jobs";
import { attachmentWorkerJobs } from "@/features/attachments/worker-jobs";
import { authWorkerJobs } from "@/features/auth/worker-jobs";
import { emailWorkerJobs, type TEmailJobOptions } from "@/features/notifications/worker-jobs";
import { slaWorkerJobs } from "@/features/sla/worker-jobs";
import { emitTicketEvent, SYSTEM_ACTOR } from "@/features/tickets/service/ticket-change";
import { ticketWorkerJobs } from "@/features/tickets/worker-jobs";
import { type TWebhookJobOptions, webhookWorkerJobs } from "@/features/webhooks";
import { startHeartbeat } from "@/server/db/worker-heartbeat";
import { idempotencyWorkerJobs } from "@/server/idempotency";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { isDatabaseConnectionError, quietConnectionTraces, superviseRunner } from "./supervise";

export { isDatabaseConnectionError, isStoppedRunnerError } from "./supervise";

// The worker process's composition root: every background job of the house is listed here,
// from the features that own it, and run by one graphile-worker.

export type TWorker = {
  /** Lets the job in progress finish its current attempt, leaves the rest queued, stops. */
  stop: () => Promise<void>;
  /** Restart the runner: something outside it (an unhandled rejection) saw its connection fail. */
  reportFault: (error: unknown) => void;
};

export type TWorkerJobOptions = TWebhookJobOptions & TEmailJobOptions;

export type TWorkerOptions = Omit<TWorkerJobOptions, "isStopping"> & {
  connectionString: string;
  concurrency?: number;
  pollIntervalMs?: number;
  /** Write a heartbeat row (worker_heartbeats) every few seconds (default true). */
  heartbeat?: boolean;
  /** How long stop() waits for the attempts in progress before it gives up on them. */
  stopTimeoutMs?: number;
  /** The worker died for good (failing again and again, not for a lost database): exit. */
  onFatal?: (error: unknown) => void;
};

// graphile-worker's own errors and warnings, except those that only say the database is away:
// the supervisor says that once per change of state instead of once per connection and job.
const quietLogger = (log: (line: string) => void) =>
  new Logger(() => (level, message, meta) => {
    if (level !== "error" && level !== "warning") return;
    if (isDatabaseConnectionError((meta as { error?: unknown } | undefined)?.error)) return;
    if (CONNECTION_NOISE.test(message)) return;
    log(`[worker] ${level}: ${message}`);
  });

const CONNECTION_NOISE =
  /terminating connection|Connection terminated|ECONNREFUSED|ECONNRESET|not queryable|connection error|the database system is (starting up|shutting down)/i;

/**
 * Every feature's jobs: webhook delivery and its sweep, email sending and its sweep, the
 * orphan-attachment sweep, expired idempotency keys, the SLA escalation and backfill, the
 * automatic closing of resolved tickets (both through the tickets pipeline, as the system), the
 * analytics' backfill, the password reset requests.
 */
export function workerJobs(options: TWorkerJobOptions): TWorkerJobs[] {
  return [
    webhookWorkerJobs(options),
    emailWorkerJobs(options),
    attachmentWorkerJobs(),
    idempotencyWorkerJobs(),
    slaWorkerJobs({ emit: (tx, event) => emitTicketEvent(tx, SYSTEM_ACTOR, event) }),
    ticketWorkerJobs(),
    analyticsWorkerJobs(),
    authWorkerJobs(),
  ];
}

/** Every feature's tasks in one graphile-worker task list (the job registry). */
export function workerTaskList(options: TWorkerJobOptions = {}): TaskList {
  return Object.assign({}, ...workerJobs(options).map((j) => j.taskList));
}

/**
 * Starts graphile-worker with every feature's tasks and crontab, queues their startup jobs, and
 * supervises it: a runner that dies or loses the database is stopped and started again with
 * backoff, so the worker outlives database outages. Rejects if the first start fails.
 */
export async function startWorker(options: TWorkerOptions): Promise<TWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  let stopping = false;
  const jobs = workerJobs({ ...options, log, isStopping: () => stopping });
  const start = async () => {
    const runner = await run({
      connectionString: options.connectionString,
      concurrency: options.concurrency ?? 4,
      noHandleSignals: true,
      pollInterval: options.pollIntervalMs ?? 2000,
      logger: quietLogger(log),
      crontab: jobs.flatMap((j) => j.crontab).join("\n"),
      taskList: Object.assign({}, ...jobs.map((j) => j.taskList)),
    });
    try {
      // Also after a restart: the sweep re-wakes what the lost runner held.
      for (const job of jobs.flatMap((j) => j.startupJobs ?? [])) {
        await runner.addJob(job.identifier, {}, { jobKey: job.jobKey });
      }
    } catch (error) {
      await runner.stop().catch(() => {});
      throw error;
    }
    return runner;
  };
  quietConnectionTraces();
  const supervisor = await superviseRunner({
    start,
    log,
    stopTimeoutMs: options.stopTimeoutMs,
    onFatal: options.onFatal,
  });
  const heartbeat = options.heartbeat === false ? undefined : startHeartbeat(options);
  return {
    reportFault: supervisor.reportFault,
    stop: async () => {
      stopping = true;
      await supervisor.stop();
      await heartbeat?.stop();
    },
  };
}
