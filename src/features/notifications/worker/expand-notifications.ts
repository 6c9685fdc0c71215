import "server-only";
import { asServiceRole, type TSqlClient } from "@/server/db/service-role";

/**
 * The worker's half of a ticket event's notifications (migration 0044): the change's transaction
 * wrote one `expand_notifications` job; this writes its email and in-app rows and their send
 * jobs, as service_role, in one transaction. Idempotent (each row's key names the event, the type
 * and the person), so a job retried after a crash writes nothing twice. Returns the email rows
 * written; a payload without a ticket (malformed) writes nothing.
 */
export async function expandNotifications(client: TSqlClient, payload: unknown): Promise<number> {
  const job = payload as { ticket?: { id?: unknown }; items?: unknown } | null;
  if (typeof job?.ticket?.id !== "string" || !Array.isArray(job.items)) return 0;
  return asServiceRole(client, async () => {
    const { rows } = await client.query<{ count: number }>(
      "select app.expand_email_notifications($1::jsonb) as count",
      [JSON.stringify(payload)],
    );
    return rows[0]?.count ?? 0;
  });
}
