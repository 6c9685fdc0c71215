import "server-only";
import { hashPassword } from "better-auth/crypto";
import { sql } from "drizzle-orm";
import { verifyInvitationToken } from "@/server/auth/invitation-token";
import { withServiceRole } from "@/server/db/with-user";
import { validationError } from "@/server/validation";
import type { TAcceptInvitationInput } from "../schemas";
import { sqlStateOf } from "../sql-state";

/**
 * The invited person chooses a password. The link's signature and time are checked here; that
 * it is still pending (single use, not revoked by a newer link or a deactivation) and that the
 * account is active with no password yet is app.accept_invitation()'s answer, under a row lock.
 * Any refusal is the same message: the link is not valid any more.
 * Returns the account's email, for the sign-in that follows.
 */
export async function acceptInvitation(input: TAcceptInvitationInput): Promise<{ email: string }> {
  const invitationId = await verifyInvitationToken(input.token);
  if (!invitationId) throw validationError("token", "invitationInvalid");
  const passwordHash = await hashPassword(input.password);
  try {
    return await withServiceRole(async (tx) => {
      const accepted = await tx.execute<{ user_id: string }>(
        sql`select app.accept_invitation(${invitationId}::uuid, ${passwordHash}) as user_id`,
      );
      const userId = accepted.rows[0]?.user_id;
      if (!userId) throw validationError("token", "invitationInvalid");
      const result = await tx.execute<{ email: string }>(sql`select email from users where id = ${userId}::uuid`);
      const row = result.rows[0];
      if (!row) throw validationError("token", "invitationInvalid");
      return { email: row.email };
    });
  } catch (error) {
    if (sqlStateOf(error) === "AC404") throw validationError("token", "invitationInvalid");
    throw error;
  }
}

/** Whether an invitation page should show its form: the link is signed and not past its time. */
export async function isInvitationLinkUsable(token: string): Promise<boolean> {
  return (await verifyInvitationToken(token)) !== null;
}
