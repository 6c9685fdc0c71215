import "server-only";
import { sql } from "drizzle-orm";
import { withServiceRole } from "@/server/db/with-user";

// The log of received emails (inbound_emails, migration 0029): one row per email, keyed by its
// Message-ID (or its bytes' hash), so a provider's retry of the same email does nothing twice.
// Written as service_role: no one is signed in when an email arrives.

export type TInboundSource = "smtp" | "http";

/** Claims an email for processing; false when it was processed already (or is being processed). */
export async function claimInboundEmail(messageKey: string, source: TInboundSource, from: string | null) {
  return withServiceRole(async (tx) => {
    const result = await tx.execute<{ id: string }>(sql`
      insert into public.inbound_emails (message_key, source, from_address, outcome)
      values (${messageKey}, ${source}, ${from?.slice(0, 320) ?? null}, 'processing')
      on conflict (message_key) do nothing
      returning id
    `);
    return result.rows[0]?.id ?? null;
  });
}

export async function recordInboundOutcome(
  id: string,
  outcome: { outcome: string; detail?: string | null; userId?: string | null; ticketId?: string | null },
) {
  await withServiceRole(async (tx) => {
    await tx.execute(sql`
      update public.inbound_emails
         set outcome = ${outcome.outcome}, detail = ${outcome.detail?.slice(0, 500) ?? null},
             user_id = ${outcome.userId ?? null}::uuid, ticket_id = ${outcome.ticketId ?? null}::uuid
       where id = ${id}::uuid
    `);
  });
}

/** Forgets a claim whose processing failed for a passing reason, so the sender's retry is processed. */
export async function releaseInboundEmail(id: string) {
  await withServiceRole(async (tx) => {
    await tx.execute(sql`delete from public.inbound_emails where id = ${id}::uuid and outcome = 'processing'`);
  });
}
