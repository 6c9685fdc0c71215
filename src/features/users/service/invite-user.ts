import "server-only";
import { sql } from "drizzle-orm";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TInvitationSent } from "../dto";
import type { TInviteUserInput, TResendInvitationInput } from "../schemas";
import { sqlStateOf } from "../sql-state";

const ttlSeconds = () => env().INVITATION_TTL_HOURS * 3600;
/** Without a relay the email is kept in the Courriels log, link included: the admin hands it over. */
const emailKept = () => !env().SMTP_URL;

/**
 * An admin invites a person: app.admin_invite_account() creates the account (no password yet),
 * the invitation, its email in the notifications outbox and the audit event, in one
 * transaction. The email's link is signed when the worker writes it.
 */
export async function inviteUser(user: TSessionUser, input: TInviteUserInput): Promise<TInvitationSent> {
  assertRole(user, "admin");
  try {
    return await withUser(user, async (tx) => {
      const result = await tx.execute<{ user_id: string; expires_at: Date | string }>(
        sql`select user_id, expires_at from app.admin_invite_account(${input.email}, ${input.firstName}, ${input.lastName}, ${input.role}::public.user_role, ${input.locale}, ${ttlSeconds()})`,
      );
      const row = result.rows[0];
      if (!row) throw new AppError("INTERNAL");
      return { userId: row.user_id, expiresAt: new Date(row.expires_at).toISOString(), emailKept: emailKept() };
    });
  } catch (error) {
    if (sqlStateOf(error) === "AC422") throw validationError("email", "emailTaken");
    throw error;
  }
}

/** A new link for an account that has not chosen its password yet; the previous link stops working. */
export async function resendInvitation(user: TSessionUser, input: TResendInvitationInput): Promise<TInvitationSent> {
  assertRole(user, "admin");
  try {
    return await withUser(user, async (tx) => {
      const result = await tx.execute<{ expires_at: Date | string }>(
        sql`select expires_at from app.admin_resend_invitation(${input.userId}::uuid, ${ttlSeconds()})`,
      );
      const row = result.rows[0];
      if (!row) throw new AppError("INTERNAL");
      return { userId: input.userId, expiresAt: new Date(row.expires_at).toISOString(), emailKept: emailKept() };
    });
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === "AC404") throw new AppError("NOT_FOUND");
    if (state === "AC409") throw validationError("userId", "notPendingInvitation");
    throw error;
  }
}
