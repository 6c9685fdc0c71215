import "server-only";
import { redirect as redirectOutside } from "next/navigation";
import { redirect } from "@/i18n/navigation";
import { homePathFor } from "@/lib/home-path";
import type { TUserRole } from "../db/schema";
import { env } from "../env";
import { getSessionUser, type TSessionUser } from "./session";

/**
 * For pages: the signed-in user with one of `roles`. Signed-out visitors go to the
 * sign-in page (the host app's with AUTH_MODE=supabase and SUPABASE_SIGN_IN_URL); a user of
 * another role goes to their own home. Called by each page (layouts do not re-run on client
 * navigation, so they cannot guard alone).
 */
export async function requirePageUser(locale: string, roles: readonly TUserRole[]): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) {
    const { AUTH_MODE, SUPABASE_SIGN_IN_URL } = env();
    if (AUTH_MODE === "supabase" && SUPABASE_SIGN_IN_URL) return redirectOutside(SUPABASE_SIGN_IN_URL);
    return redirect({ href: "/connexion", locale });
  }
  if (!roles.includes(user.role)) return redirect({ href: homePathFor(user.role), locale });
  return user;
}
