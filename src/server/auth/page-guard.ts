import "server-only";
import { homePathFor } from "@/features/users/home-path";
import { redirect } from "@/i18n/navigation";
import type { TUserRole } from "../db/schema";
import { getSessionUser, type TSessionUser } from "./session";

/**
 * For pages: the signed-in user with one of `roles`. Signed-out visitors go to the
 * sign-in page; a user of another role goes to their own home. Called by each page
 * (layouts do not re-run on client navigation, so they cannot guard alone).
 */
export async function requirePageUser(locale: string, roles: readonly TUserRole[]): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) return redirect({ href: "/connexion", locale });
  if (!roles.includes(user.role)) return redirect({ href: homePathFor(user.role), locale });
  return user;
}
