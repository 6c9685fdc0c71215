"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { actionClient, toValidationError } from "@/server/actions/action-clients";
import { getAuth } from "@/server/auth/auth";
import { ZPasswordResetRequestInput, ZResetPasswordInput, ZSignUpInput } from "../schemas";
import { requestPasswordReset, resetPassword } from "../service/password-reset";
import { signUp } from "../service/sign-up";

/** Signed out: the same answer for every email (the minutes a link works). */
export const requestPasswordResetAction = actionClient
  .inputSchema(ZPasswordResetRequestInput, { handleValidationErrorsShape: toValidationError })
  .action(async ({ parsedInput }) => requestPasswordReset(parsedInput, await headers()));

/**
 * Signed out: the new password. Every session of the account ended with it; this browser's
 * cookies go too (it may have held one of them), then the sign-in page says what happened.
 */
export const resetPasswordAction = actionClient
  .inputSchema(ZResetPasswordInput, { handleValidationErrorsShape: toValidationError })
  .action(async ({ parsedInput }) => {
    const requestHeaders = await headers();
    await resetPassword(parsedInput, requestHeaders);
    try {
      await getAuth().api.signOut({ headers: requestHeaders });
    } catch {
      // No session in this browser: nothing to clear.
    }
    return redirect({ href: "/connexion?motdepasse=nouveau", locale: await getLocale() });
  });

/** Signed out, AUTH_ALLOW_SIGNUP: the account, then "check your email" (same for a known address). */
export const signUpAction = actionClient
  .inputSchema(ZSignUpInput, { handleValidationErrorsShape: toValidationError })
  .action(async ({ parsedInput }) => {
    await signUp(parsedInput, await headers(), (await getLocale()) === "en" ? "en" : "fr-CA");
    return { ok: true as const };
  });
