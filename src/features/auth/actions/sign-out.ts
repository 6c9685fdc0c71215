"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { getAuth } from "@/server/auth/auth";

export async function signOutAction(): Promise<void> {
  try {
    await getAuth().api.signOut({ headers: await headers() });
  } catch (error) {
    // Already signed out (or the session expired): nothing to undo.
    console.warn("[auth] sign-out:", error instanceof Error ? error.message : error);
  }
  return redirect({ href: "/connexion", locale: await getLocale() });
}
