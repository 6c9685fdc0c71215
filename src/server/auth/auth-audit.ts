import "server-only";
import { getSessionFromCtx, isAPIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import { auditAddressOf, recordSystemAuditEvent } from "../audit/audit-log";
import { withServiceRole } from "../db/with-user";
import type { TAuthHookContext } from "./sign-in-guard";

// better-auth's hooks write the audit log's sign-in, sign-out and sign-up events, for its HTTP
// endpoints and the in-process auth.api calls alike. No email address is kept: the account's id
// when the email belongs to one, nothing when it does not (a typed email is the user's text).

/** The id of the account whose email this is, or null. */
async function accountIdOf(email: unknown): Promise<string | null> {
  if (typeof email !== "string" || email === "" || email.length > 320) return null;
  const rows = await withServiceRole((tx) =>
    tx.execute<{ id: string }>(sql`select id from users where email = ${email} or email = lower(${email}) limit 1`),
  );
  return rows.rows[0]?.id ?? null;
}

const emailOf = (ctx: TAuthHookContext) => (ctx.body as { email?: unknown } | undefined)?.email;

/** A sign-in refused while the account or address is locked (sign-in-guard). */
export async function auditSignInLocked(ctx: TAuthHookContext, retryAfterSeconds: number): Promise<void> {
  await recordSystemAuditEvent({
    type: "sign_in_locked",
    targetUserId: await accountIdOf(emailOf(ctx)),
    ip: auditAddressOf(ctx.headers),
    detail: { retryAfterSeconds },
  });
}

/** After hook: a sign-in's success or failure, an open sign-up's new account. */
export async function auditAuthOutcome(ctx: TAuthHookContext): Promise<void> {
  const returned = ctx.context.returned;
  if (ctx.path !== "/sign-in/email" && ctx.path !== "/sign-up/email") return;
  if (returned === undefined || returned === null || returned instanceof Response) return;
  const ip = auditAddressOf(ctx.headers);
  const userId = isAPIError(returned) ? null : ((returned as { user?: { id?: unknown } }).user?.id ?? null);
  if (ctx.path === "/sign-in/email") {
    if (typeof userId === "string") {
      await recordSystemAuditEvent({ type: "sign_in_succeeded", actorId: userId, targetUserId: userId, ip });
    } else if (isAPIError(returned)) {
      const known = await accountIdOf(emailOf(ctx));
      await recordSystemAuditEvent({
        type: "sign_in_failed",
        targetUserId: known,
        ip,
        detail: { knownAccount: known !== null, status: returned.statusCode },
      });
    }
  } else if (ctx.path === "/sign-up/email" && typeof userId === "string") {
    // An email already registered gets the same answer with a made-up account (no oracle):
    // only an account that now exists under that id was created.
    if ((await accountIdOf(emailOf(ctx))) !== userId) return;
    await recordSystemAuditEvent({
      type: "account_created",
      actorId: userId,
      targetUserId: userId,
      ip,
      detail: { via: "sign_up" },
    });
  }
}

/** Before hook: who signs out (after the endpoint, the session is gone). */
export async function auditSignOut(ctx: Parameters<typeof getSessionFromCtx>[0] & TAuthHookContext): Promise<void> {
  if (ctx.path !== "/sign-out") return;
  const session = await getSessionFromCtx(ctx).catch(() => null);
  const userId = session?.user.id;
  if (!userId) return;
  await recordSystemAuditEvent({
    type: "signed_out",
    actorId: userId,
    targetUserId: userId,
    ip: auditAddressOf(ctx.headers),
  });
}
