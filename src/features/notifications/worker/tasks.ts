import "server-only";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { emailConfig, type TEmailConfig } from "../config";
import { expandNotifications } from "./expand-notifications";
import { sendEmailBatch, sweepEmails } from "./send-emails";

/** { batchKey } (one batch, a coalesced reply) or { batchKeys } (every recipient of one event). */
function batchKeysOf(payload: unknown): string[] {
  const value = payload as { batchKey?: unknown; batchKeys?: unknown } | null;
  if (typeof value?.batchKey === "string") return [value.batchKey];
  if (Array.isArray(value?.batchKeys))
    return value.batchKeys.filter((k): k is string => typeof k === "string").slice(0, 1000);
  return [];
}

export type TEmailJobOptions = {
  /** Test hooks: another configuration, a short retry schedule, a short "sending" lease. */
  emailConfig?: TEmailConfig;
  emailRetryDelaysMs?: readonly number[];
  emailMaxAttempts?: number;
  emailSendingLeaseMs?: number;
  log?: (line: string) => void;
};

/**
 * The email jobs, for the worker's composition root (src/worker):
 * - expand_notifications {ticket, actorId, callerId, items, coalesceSeconds}: written with the
 *   change (one per event), expanded here into each person's email and in-app rows;
 * - send_emails {batchKey} | {batchKeys}: written with the notifications (by the expansion): at
 *   once for one event's recipients, at the end of the coalescing window for replies;
 * - sweep_emails (every minute, and once at start): interrupted sends and lost jobs.
 */
export function emailWorkerJobs(options: TEmailJobOptions = {}): TWorkerJobs {
  return {
    taskList: {
      expand_notifications: async (payload, helpers) => {
        await helpers.withPgClient((client) => expandNotifications(client, payload));
      },
      send_emails: async (payload, helpers) => {
        const batchKeys = batchKeysOf(payload);
        if (batchKeys.length === 0) return; // malformed job: nothing to send
        // Read at run time, so a changed environment applies to the next email.
        const config = options.emailConfig ?? emailConfig();
        const sendOptions = {
          config,
          retryDelaysMs: options.emailRetryDelaysMs,
          maxAttempts: options.emailMaxAttempts,
          log: options.log,
        };
        // Each batch on its own: one that throws (a render failure) does not hold back the others,
        // and the job's retry finds only what is still pending.
        let failure: unknown = null;
        for (const batchKey of batchKeys) {
          await helpers
            .withPgClient((client) => sendEmailBatch(client, batchKey, sendOptions))
            .catch((error: unknown) => {
              failure ??= error;
            });
        }
        if (failure) throw failure;
      },
      sweep_emails: async (_payload, helpers) =>
        helpers.withPgClient((client) => sweepEmails(client, options.emailSendingLeaseMs ?? 10 * 60_000)),
    },
    crontab: ["* * * * * sweep_emails"],
    startupJobs: [{ identifier: "sweep_emails", jobKey: "sweep_emails:startup" }],
  };
}
