import type { TUserRole } from "@/lib/user-roles";

/**
 * An account as the admin accounts page shows it. `status`: active; invited (no password yet,
 * a link pending); invitation expired (no password, no pending link: send a new one);
 * deactivated.
 */
export type TUserListItem = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  role: TUserRole;
  status: "active" | "invited" | "invitationExpired" | "deactivated";
  createdAt: string;
};

export type TUserListPage = { items: TUserListItem[]; nextCursor: string | null };

/** What an admin learns of an invitation just sent: when its link stops working, and whether it left. */
export type TInvitationSent = { userId: string; expiresAt: string; emailKept: boolean };

/** A student as the admin's type-ahead offers them (the ticket list's "Élève" filter). */
export type TStudentOption = { id: string; name: string; email: string };
