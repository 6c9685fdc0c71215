import { randomUUID } from "node:crypto";
import type { TSessionUser } from "@/server/auth/session";
import type { TUserRole } from "@/server/db/schema";
import type { TUserRow } from "./users";

/** The session user a signed-in request would carry for this `users` row. */
export function sessionUserOf(user: TUserRow): TSessionUser {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    locale: user.locale,
  };
}

/**
 * A session whose user id is in no `users` row (a deleted account, a forged cookie):
 * the service's role check passes, so only row-level security stands in the way.
 */
export function ghostSessionUser(role: TUserRole = "student"): TSessionUser {
  return {
    id: randomUUID(),
    email: `fantome.${role}@exemple.test`,
    firstName: "Fantôme",
    lastName: "Inconnu",
    role,
    locale: "fr-CA",
  };
}
