import { getPool } from "@/server/db/client";
import { readWorkerPresence } from "@/server/db/worker-heartbeat";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

const unavailable = (reason: "database_unreachable" | "no_worker", extra: Record<string, unknown> = {}) =>
  Response.json({ status: "unavailable", reason, ...extra }, { status: 503, headers: { "Retry-After": "5" } });

/**
 * Readiness, for a load balancer or supervisor that should send traffic only to a complete
 * app: the database answers, and a webhook worker wrote its heartbeat within
 * READY_WORKER_MAX_AGE_SECONDS (0 = don't ask). /api/health stays the liveness check.
 */
export async function GET() {
  const maxAge = env().READY_WORKER_MAX_AGE_SECONDS;
  let presence: Awaited<ReturnType<typeof readWorkerPresence>>;
  try {
    presence = await readWorkerPresence(getPool());
  } catch {
    return unavailable("database_unreachable");
  }
  const lastWorkerSeenAt = presence.lastSeenAt?.toISOString() ?? null;
  if (maxAge > 0 && (presence.ageSeconds === null || presence.ageSeconds > maxAge)) {
    return unavailable("no_worker", { lastWorkerSeenAt });
  }
  return Response.json({ status: "ready", lastWorkerSeenAt });
}
