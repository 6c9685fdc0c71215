import "server-only";
import type { TWorkerJobs } from "@/server/worker-jobs";
import { runPasswordResetRequest } from "./service/password-reset";

// The auth feature's entry for the worker process (src/worker): the password reset request,
// decided out of the request so that its answer and its work are the same for every email.

type TPasswordResetPayload = { email?: unknown; ip?: unknown };

export function authWorkerJobs(): TWorkerJobs {
  return {
    taskList: {
      password_reset_request: async (payload, helpers) => {
        const { email, ip } = (payload ?? {}) as TPasswordResetPayload;
        if (typeof email !== "string" || email === "") return;
        await helpers.withPgClient((client) =>
          runPasswordResetRequest(client, { email, ip: typeof ip === "string" ? ip : null }),
        );
      },
    },
    crontab: [],
  };
}
