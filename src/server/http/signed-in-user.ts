import "server-only";
import type { TSessionUser } from "../auth/session";
import { AppError } from "../errors";

/**
 * What a route handler gets to know its user: the routes pass getSessionUser itself, called in
 * the handler's error path (while the database is unreachable the lookup throws, and that must
 * be a 503 UNAVAILABLE with Retry-After, not Next's empty 500); tests may pass a user.
 */
export type TUserSource = TSessionUser | null | (() => Promise<TSessionUser | null>);

/** The user of the request, or AppError("UNAUTHENTICATED"). */
export async function signedInUser(source: TUserSource): Promise<TSessionUser> {
  const user = typeof source === "function" ? await source() : source;
  if (!user) throw new AppError("UNAUTHENTICATED");
  return user;
}
