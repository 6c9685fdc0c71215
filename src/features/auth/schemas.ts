import { z } from "zod";
import { refuseNulBytes } from "@/lib/nul-bytes";

export const ZSignInInput = z.object({
  email: z.string().trim().toLowerCase().email({ message: "emailInvalid" }).max(254, { message: "emailInvalid" }),
  password: z.string().min(1, { message: "passwordRequired" }).max(128, { message: "passwordRequired" }),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/** The password rules of every form that chooses one (better-auth's min/max agree, auth.ts). */
export const PASSWORD_LIMITS = { min: 8, max: 128 } as const;

const email = refuseNulBytes(z.string().trim().toLowerCase().max(254, "emailInvalid").email("emailInvalid"));
const newPassword = z.string().min(PASSWORD_LIMITS.min, "passwordTooShort").max(PASSWORD_LIMITS.max, "passwordTooLong");
const confirmation = z.string().max(PASSWORD_LIMITS.max, "passwordTooLong");
const samePasswords = {
  check: (input: { password: string; confirmation: string }) => input.password === input.confirmation,
  params: { message: "passwordsDiffer", path: ["confirmation"] },
};

/** "Mot de passe oublié ?": the email only. */
export const ZPasswordResetRequestInput = z.object({ email });
export type TPasswordResetRequestInput = z.infer<typeof ZPasswordResetRequestInput>;

/** The reset page: the link's token and the new password, twice. */
export const ZResetPasswordInput = z
  .object({
    token: z.string().min(1, "resetLinkInvalid").max(300, "resetLinkInvalid"),
    password: newPassword,
    confirmation,
  })
  .refine(samePasswords.check, samePasswords.params);
export type TResetPasswordInput = z.infer<typeof ZResetPasswordInput>;

/** Names as the users table and better-auth's hook allow them (NAME_LIMITS, account-gate.ts). */
const personName = refuseNulBytes(z.string().trim().min(1, "nameRequired").max(100, "personNameTooLong"));

/** The sign-up page (AUTH_ALLOW_SIGNUP). */
export const ZSignUpInput = z
  .object({
    firstName: personName,
    lastName: personName,
    email,
    password: newPassword,
    confirmation,
  })
  .refine(samePasswords.check, samePasswords.params);
export type TSignUpInput = z.infer<typeof ZSignUpInput>;
