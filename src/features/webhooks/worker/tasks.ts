import "server-only";
import type { PoolClient } from "pg";
import { asServiceRole } from "@/server/db/service-role";
import type { TWorkerJobs } from "@/server/worker-jobs";
import type { TWebhookConfig } from "../config";
import { selectDueOrderingKeys, wakeDelivery } from "../worker-repository";
import { deliverPendingEvents } from "./deliver-events";

export type TWebhookJobOptions = {
  /**
   * Test hooks: a fixed configuration (default: read from the environment and app_settings
   * at each job, so a saved change applies at once in every worker), a short retry schedule,
   * a shorter retry window.
   */
  config?: TWebhookConfig;
  retryDelaysMs?: readonly number[];
  retryWindowMs?: number;
  log?: (line: string) => void;
  /** True once the worker is stopping: the delivery loop ends after the attempt in progress. */
  isStopping?: () => boolean;
};

/**
 * The webhook delivery jobs, for the worker's composition root (src/worker):
 * - deliver_webhooks {orderingKey}: written with each event (same transaction as the change);
 * - sweep_webhooks (every minute, and once at start): re-wakes keys with due events, which
 *   covers a worker killed mid-delivery (its job stays locked, its advisory lock is gone).
 */
export function webhookWorkerJobs(options: TWebhookJobOptions = {}): TWorkerJobs {
  const delivery = {
    config: options.config,
    retryDelaysMs: options.retryDelaysMs,
    retryWindowMs: options.retryWindowMs,
    log: options.log,
    isStopping: options.isStopping,
  };
  return {
    taskList: {
      deliver_webhooks: async (payload, helpers) => {
        const orderingKey = (payload as { orderingKey?: unknown } | null)?.orderingKey;
        if (typeof orderingKey !== "string") return; // malformed job: nothing to deliver
        await helpers.withPgClient((client) => deliverPendingEvents(client, orderingKey, delivery));
      },
      sweep_webhooks: async (_payload, helpers) =>
        helpers.withPgClient((client: PoolClient) =>
          asServiceRole(
            client,
            async () => {
              for (const key of await selectDueOrderingKeys(client, 1000)) await wakeDelivery(client, key, new Date());
            },
            "session",
          ),
        ),
    },
    crontab: ["* * * * * sweep_webhooks"],
    startupJobs: [{ identifier: "sweep_webhooks", jobKey: "sweep_webhooks:startup" }],
  };
}
