import "server-only";
import { Logger, type Runner, run } from "graphile-worker";
import { backgroundCrontab, backgroundTasks } from "@/server/jobs";
import { type TWebhookConfig, webhookConfig } from "../config";
import { selectDueOrderingKeys, wakeDelivery } from "../worker-repository";
import { deliverPendingEvents } from "./deliver-events";

export type TWebhookWorker = { stop: () => Promise<void>; runner: Runner };

export type TWebhookWorkerOptions = {
  connectionString: string;
  concurrency?: number;
  /** Test hooks: a short retry schedule, a shorter retry window, another configuration. */
  config?: TWebhookConfig;
  retryDelaysMs?: readonly number[];
  retryWindowMs?: number;
  pollIntervalMs?: number;
  log?: (line: string) => void;
};

const quietLogger = (log: (line: string) => void) =>
  new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") log(`[worker] ${level}: ${message}`);
  });

/**
 * Runs the graphile-worker that delivers webhook events. Tasks:
 * - deliver_webhooks {orderingKey}: written with each event (same transaction as the change);
 * - sweep_webhooks (every minute, and once at start): re-wakes keys with due events, which
 *   covers a worker killed mid-delivery (its job stays locked, its advisory lock is gone);
 * - the other background jobs of src/server/jobs (e.g. the hourly orphan-attachment sweep).
 */
export async function startWebhookWorker(options: TWebhookWorkerOptions): Promise<TWebhookWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const delivery = {
    config: options.config ?? webhookConfig(),
    retryDelaysMs: options.retryDelaysMs,
    retryWindowMs: options.retryWindowMs,
    log,
  };
  const sweep = async (withPgClient: (fn: (client: import("pg").PoolClient) => Promise<void>) => Promise<void>) =>
    withPgClient(async (client) => {
      await client.query("set role service_role");
      try {
        for (const key of await selectDueOrderingKeys(client, 1000)) await wakeDelivery(client, key, new Date());
      } finally {
        await client.query("reset role");
      }
    });

  const runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 2000,
    logger: quietLogger(log),
    crontab: ["* * * * * sweep_webhooks", ...backgroundCrontab].join("\n"),
    taskList: {
      ...backgroundTasks,
      deliver_webhooks: async (payload, helpers) => {
        const orderingKey = (payload as { orderingKey?: unknown } | null)?.orderingKey;
        if (typeof orderingKey !== "string") return; // malformed job: nothing to deliver
        await helpers.withPgClient((client) => deliverPendingEvents(client, orderingKey, delivery));
      },
      sweep_webhooks: async (_payload, helpers) => sweep(helpers.withPgClient),
    },
  });
  await runner.addJob("sweep_webhooks", {}, { jobKey: "sweep_webhooks:startup" });
  return { runner, stop: () => runner.stop() };
}
