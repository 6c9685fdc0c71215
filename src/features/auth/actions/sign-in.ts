"use server";

import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import type { TErrorCode } from "@/lib/errors";
import { safeReturnPath } from "@/lib/return-path";
import { getAuth } from "@/server/auth/auth";
import { logUnexpectedError } from "@/server/log";
import { ZSignInInput } from "../schemas";

export type TSignInState = {
  /** The app's error codes: the form shows `errors.<code>`, as every other error. */
  error?: Extract<
    TErrorCode,
    "VALIDATION" | "INVALID_CREDENTIALS" | "ACCOUNT_DEACTIVATED" | "EMAIL_NOT_VERIFIED" | "RATE_LIMITED" | "INTERNAL"
  >;
  fieldErrors?: { email?: string; password?: string };
  /** What the user typed, so a failed attempt loses nothing but the password. */
  email?: string;
};

export async function signInAction(_previous: TSignInState, formData: FormData): Promise<TSignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = ZSignInInput.safeParse({ email, password: formData.get("password") ?? "" });
  if (!parsed.success) {
    const fieldErrors: TSignInState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "email" || field === "password") fieldErrors[field] ??= issue.message;
    }
    return { error: "VALIDATION", fieldErrors, email };
  }
  try {
    await getAuth().api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (error) {
    if (isAPIError(error)) {
      if (error.statusCode === 429) return { error: "RATE_LIMITED", email };
      // Both come after the password was checked: they tell nothing to someone without it.
      if (error.body?.code === "ACCOUNT_DEACTIVATED") return { error: "ACCOUNT_DEACTIVATED", email };
      if (error.body?.code === "EMAIL_NOT_VERIFIED") return { error: "EMAIL_NOT_VERIFIED", email };
      if (error.statusCode === 401 || error.statusCode === 400 || error.statusCode === 403) {
        return { error: "INVALID_CREDENTIALS", email };
      }
    }
    logUnexpectedError("auth", error);
    return { error: "INTERNAL", email };
  }
  // Back where an email's link pointed (checked again by that page's role guard); otherwise
  // the home page sends each role to its own dashboard.
  return redirect({ href: safeReturnPath(formData.get("retour")) ?? "/", locale: await getLocale() });
}
