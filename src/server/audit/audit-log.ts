import "server-only";
import { sql } from "drizzle-orm";
import type { TAuditDetail, TAuditEventType } from "@/lib/audit-values";
import type { TSessionUser } from "../auth/session";
import { type TTx, withServiceRole, withUser } from "../db/with-user";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { logUnexpectedError } from "../log";

// The audit log of security events (table audit_events, migration 0021). Admins read it under
// RLS; it is written two ways:
// - an admin's change writes its event in the change's own transaction (recordAuditEvent),
//   through app.record_audit_event(), which takes the actor from auth.uid(): nobody writes an
//   event in another's name, and the event commits or rolls back with the change;
// - what happens outside any user transaction (sign-in, sign-out, an account created by
//   better-auth) is written as service_role (recordSystemAuditEvent).

export type TAuditEvent = {
  type: TAuditEventType;
  targetUserId?: string | null;
  /** The trusted client address (clientAddress(): null unless TRUST_PROXY says how to read it). */
  ip?: string | null;
  detail?: TAuditDetail;
};

/** The client address of a request as the audit log keeps it: only a trusted one. */
export function auditAddressOf(headers: Headers | undefined): string | null {
  return headers ? clientAddress(headers, env().TRUST_PROXY) : null;
}

/** In an admin's RLS transaction (withUser): the event commits with the change. */
export async function recordAuditEvent(tx: TTx, event: TAuditEvent): Promise<void> {
  await tx.execute(
    sql`select app.record_audit_event(${event.type}, ${event.targetUserId ?? null}::uuid, ${event.ip ?? null}, ${JSON.stringify(event.detail ?? {})}::jsonb)`,
  );
}

/** An admin's action that changes nothing in the database (a download): its own transaction. */
export async function recordAdminAuditEvent(
  user: TSessionUser,
  request: Request,
  event: Omit<TAuditEvent, "ip">,
): Promise<void> {
  await withUser(user, (tx) => recordAuditEvent(tx, { ...event, ip: auditAddressOf(request.headers) }));
}

/**
 * An event with no user transaction around it (sign-in, sign-out), written as service_role.
 * A failure is logged and swallowed: a sign-in must not fail because its audit line could not
 * be written (the request's own log line still tells it).
 */
export async function recordSystemAuditEvent(event: TAuditEvent & { actorId?: string | null }): Promise<void> {
  try {
    await withServiceRole((tx) =>
      tx.execute(
        sql`insert into public.audit_events (type, actor_id, target_user_id, ip, detail)
            values (${event.type}, ${event.actorId ?? null}::uuid, ${event.targetUserId ?? null}::uuid,
                    ${event.ip ?? null}, ${JSON.stringify(event.detail ?? {})}::jsonb)`,
      ),
    );
  } catch (error) {
    logUnexpectedError("audit", error);
  }
}
