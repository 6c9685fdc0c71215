"use server";

import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { getAuth } from "@/server/auth/auth";
import { ZSignInInput } from "../schemas";

export type TSignInState = {
  error?: "VALIDATION" | "INVALID_CREDENTIALS" | "RATE_LIMITED" | "INTERNAL";
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
      if (error.statusCode === 401 || error.statusCode === 400 || error.statusCode === 403) {
        return { error: "INVALID_CREDENTIALS", email };
      }
    }
    console.error("[auth] sign-in failed:", error);
    return { error: "INTERNAL", email };
  }
  // The home page sends each role to its own dashboard.
  return redirect({ href: "/", locale: await getLocale() });
}
