import "server-only";
import { cache } from "react";
import { getSessionUser } from "@/server/auth/session";
import { withAnon, withUser } from "@/server/db/with-user";
import type { TPublicSettings } from "../dto";
import { selectPublicSettings } from "../repository";

/**
 * The support contact and the auto-close delay, as anyone may see them. Once per request
 * (React's cache): the footer and the page can both ask. Read as the signed-in user when there
 * is one: their transaction starts with the active-account check (migration 0032), so even a
 * page that reads nothing else of theirs (the tutor's home) ends a deactivated account's session
 * at once. Same single transaction either way.
 */
export const getPublicSettings = cache(async (): Promise<TPublicSettings> => {
  const user = await getSessionUser();
  return user ? withUser(user, selectPublicSettings) : withAnon(selectPublicSettings);
});
