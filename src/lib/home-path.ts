import type { TUserRole } from "./user-roles";

/** Where each role lands after signing in. */
export function homePathFor(role: TUserRole): string {
  switch (role) {
    case "admin":
      return "/admin";
    case "tutor":
      return "/tuteur";
    default:
      return "/etudiant";
  }
}
