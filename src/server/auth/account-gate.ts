import "server-only";
import { APIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import { withServiceRole } from "../db/with-user";
import { localeFromHeaders, translatorFor } from "../http/locale";
import type { TAuthHookContext } from "./sign-in-guard";

/** The longest names better-auth may write (the users table's checks, migration 0021, agree). */
export const NAME_LIMITS = { name: 200, firstName: 100, lastName: 100 } as const;

/**
 * Before hook: sign-up and update-user refuse names over the limits with a translated 400
 * (better-auth itself accepted 10,000 characters).
 */
export function refuseLongNames(ctx: TAuthHookContext): void {
  if (ctx.path !== "/sign-up/email" && ctx.path !== "/update-user") return;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  for (const [field, max] of Object.entries(NAME_LIMITS)) {
    const value = body[field];
    if (typeof value === "string" && value.length > max) {
      const t = translatorFor(localeFromHeaders(ctx.headers ?? new Headers()), "validation");
      throw new APIError("BAD_REQUEST", { code: "NAME_TOO_LONG", message: t("nameTooLong", { max }) });
    }
  }
}

/**
 * better-auth's session.create.before: a deactivated account gets no session, whatever the
 * sign-in path. It runs after the password was checked, so saying "deactivated" tells nothing to
 * someone who does not know the password: 403 ACCOUNT_DEACTIVATED with a translated message.
 */
export async function refuseDeactivatedSession(
  session: { userId: string },
  context?: { headers?: Headers } | null,
): Promise<void> {
  const result = await withServiceRole((tx) =>
    tx.execute<{ deactivated: boolean }>(
      sql`select deactivated_at is not null as deactivated from users where id = ${session.userId}::uuid`,
    ),
  );
  if (result.rows[0]?.deactivated) {
    const t = translatorFor(localeFromHeaders(context?.headers ?? new Headers()), "errors");
    throw new APIError("FORBIDDEN", { code: "ACCOUNT_DEACTIVATED", message: t("ACCOUNT_DEACTIVATED") });
  }
}

/**
 * better-auth's sendVerificationEmail (open sign-up): the email goes through the notifications
 * outbox like every other (app.enqueue_account_email, migration 0024), sent by the worker or
 * kept in the Courriels log; the worker drops the link from the row once the email is written.
 */
export async function enqueueVerificationEmail(userId: string, url: string): Promise<void> {
  await withServiceRole((tx) =>
    tx.execute(
      sql`select app.enqueue_account_email('email_verification', ${userId}::uuid, ${JSON.stringify({ url })}::jsonb)`,
    ),
  );
}
