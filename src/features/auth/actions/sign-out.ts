"use server";

import { headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { redirect } from "@/i18n/navigation";
import { getAuth } from "@/server/auth/auth";
import { getLogger } from "@/server/log";
import { summarizeErrorForLog } from "@/server/security/safe-error-log";

export async function signOutAction(): Promise<void> {
  try {
    await getAuth().api.signOut({ headers: await headers() });
  } catch (error) {
    // Already signed out (or the session expired): nothing to undo.
    getLogger().warn({ scope: "sign-out", err: summarizeErrorForLog(error) }, "sign-out failed");
  }
  // ?deconnexion=1: the sign-in page says "Vous êtes déconnecté." (issue 17).
  return redirect({ href: "/connexion?deconnexion=1", locale: await getLocale() });
}
