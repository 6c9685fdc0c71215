import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { type TUserRole, USER_ROLES } from "../db/schema";
import { AppError } from "../errors";
import { getAuth } from "./auth";

export type TSessionUser = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: TUserRole;
  locale: string;
};

function isRole(value: unknown): value is TUserRole {
  return typeof value === "string" && (USER_ROLES as readonly string[]).includes(value);
}

/** The signed-in user of this request, or null. Cached for the duration of one request. */
export const getSessionUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const user = session.user as typeof session.user & Record<string, unknown>;
  if (!isRole(user.role)) return null;
  return {
    id: user.id,
    email: user.email,
    firstName: String(user.firstName ?? ""),
    lastName: String(user.lastName ?? ""),
    role: user.role,
    locale: String(user.locale ?? "fr-CA"),
  };
});

/** For actions and route handlers: the user, or an AppError (UNAUTHENTICATED / FORBIDDEN). */
export async function requireUser(roles?: readonly TUserRole[]): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  if (roles && !roles.includes(user.role)) throw new AppError("FORBIDDEN");
  return user;
}
