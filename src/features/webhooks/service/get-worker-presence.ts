import "server-only";
import { getPool } from "@/server/db/client";
import { readWorkerPresence } from "@/server/db/worker-heartbeat";
import { env } from "@/server/env";

export type TWorkerPresenceNotice = { missing: false } | { missing: true; lastSeenAt: Date | null };

/**
 * Whether admins should be told that no webhook worker is running: none wrote its heartbeat
 * within READY_WORKER_MAX_AGE_SECONDS (0 = never tell). A database error tells nothing here:
 * the page itself fails then. Not scoped to a user: it says no more than /api/health/ready.
 */
export async function getWorkerPresenceNotice(): Promise<TWorkerPresenceNotice> {
  const maxAge = env().READY_WORKER_MAX_AGE_SECONDS;
  if (maxAge === 0) return { missing: false };
  const presence = await readWorkerPresence(getPool());
  if (presence.ageSeconds !== null && presence.ageSeconds <= maxAge) return { missing: false };
  return { missing: true, lastSeenAt: presence.lastSeenAt };
}
