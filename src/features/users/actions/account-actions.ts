"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { actionClient, adminActionClient, toValidationError } from "@/server/actions/action-clients";
import { getAuth } from "@/server/auth/auth";
import { logUnexpectedError } from "@/server/log";
import {
  ZAcceptInvitationInput,
  ZInviteUserInput,
  ZResendInvitationInput,
  ZStudentSearchInput,
  ZUpdateAccountInput,
  ZUserListQuery,
} from "../schemas";
import { acceptInvitation } from "../service/accept-invitation";
import { inviteUser, resendInvitation } from "../service/invite-user";
import { listUsers } from "../service/list-users";
import { searchStudents } from "../service/search-students";
import { updateAccount } from "../service/update-account";

export const updateAccountAction = adminActionClient
  .inputSchema(ZUpdateAccountInput, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => updateAccount(ctx.user, parsedInput));

export const listUsersAction = adminActionClient
  .inputSchema(ZUserListQuery, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => listUsers(ctx.user, parsedInput));

/** The ticket list's "Élève" type-ahead. */
export const searchStudentsAction = adminActionClient
  .inputSchema(ZStudentSearchInput, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => searchStudents(ctx.user, parsedInput));

export const inviteUserAction = adminActionClient
  .inputSchema(ZInviteUserInput, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => inviteUser(ctx.user, parsedInput));

export const resendInvitationAction = adminActionClient
  .inputSchema(ZResendInvitationInput, { handleValidationErrorsShape: toValidationError })
  .action(({ ctx, parsedInput }) => resendInvitation(ctx.user, parsedInput));

/**
 * Signed out: the invited person chooses a password, then is signed in (through better-auth, so
 * the sign-in limiter, the deactivation gate and the audit apply) and sent to their home page.
 */
export const acceptInvitationAction = actionClient
  .inputSchema(ZAcceptInvitationInput, { handleValidationErrorsShape: toValidationError })
  .action(async ({ parsedInput }) => {
    const { email } = await acceptInvitation(parsedInput);
    try {
      await getAuth().api.signInEmail({ body: { email, password: parsedInput.password }, headers: await headers() });
    } catch (error) {
      // The password is set; a sign-in that fails now (a lock) leaves the sign-in page to them.
      logUnexpectedError("auth", error);
      return redirect({ href: "/connexion", locale: await getLocale() });
    }
    return redirect({ href: "/", locale: await getLocale() });
  });
