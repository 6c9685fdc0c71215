import { z } from "zod";
import { refuseNulBytes } from "@/lib/nul-bytes";
import { USER_ROLES } from "@/lib/user-roles";

/** An admin's change to an account: a new role, active or not, or both. */
export const ZUpdateAccountInput = z
  .object({
    userId: z.string().uuid(),
    role: z.enum(USER_ROLES).optional(),
    active: z.boolean().optional(),
  })
  .refine((input) => input.role !== undefined || input.active !== undefined, { message: "nothingToChange" });
export type TUpdateAccountInput = z.infer<typeof ZUpdateAccountInput>;

export const USER_LIST_PAGE_SIZE = 25;

/** The accounts page: a search in names and emails, and the cursor of the next page. */
export const ZUserListQuery = z.object({
  q: refuseNulBytes(z.string().trim().max(200, "searchTooLong")).optional(),
  cursor: z.string().max(400).optional(),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;

/** The page's search from its URL: too long or malformed is no search. */
export function userListFiltersOf(params: Record<string, string | string[] | undefined>): { q?: string } {
  const parsed = ZUserListQuery.shape.q.safeParse(params.q);
  return parsed.success && parsed.data ? { q: parsed.data } : {};
}

const personName = (tooLong: string) => refuseNulBytes(z.string().trim().min(1, "nameRequired").max(100, tooLong));

/** An admin invites a person by email, with a role. */
export const ZInviteUserInput = z.object({
  email: refuseNulBytes(z.string().trim().toLowerCase().max(254, "emailInvalid").email("emailInvalid")),
  firstName: personName("personNameTooLong"),
  lastName: personName("personNameTooLong"),
  role: z.enum(USER_ROLES, { message: "roleInvalid" }),
  locale: z.enum(["fr-CA", "en"]).default("fr-CA"),
});
export type TInviteUserInput = z.infer<typeof ZInviteUserInput>;

export const ZResendInvitationInput = z.object({ userId: z.string().uuid("invalidId") });
export type TResendInvitationInput = z.infer<typeof ZResendInvitationInput>;

/** The invited person's password, chosen on the invitation page. */
export const ZAcceptInvitationInput = z
  .object({
    token: z.string().min(1, "invitationInvalid").max(300, "invitationInvalid"),
    password: z.string().min(8, "passwordTooShort").max(128, "passwordTooLong"),
    confirmation: z.string().max(128, "passwordTooLong"),
  })
  .refine((input) => input.password === input.confirmation, {
    message: "passwordsDiffer",
    path: ["confirmation"],
  });
export type TAcceptInvitationInput = z.infer<typeof ZAcceptInvitationInput>;

/** Letters typed before the type-ahead asks the server, and how many students it offers. */
export const STUDENT_SEARCH_MIN = 2;
export const STUDENT_SEARCH_LIMIT = 8;

/** The students' type-ahead: the start of a name or an email. */
export const ZStudentSearchInput = z.object({
  q: refuseNulBytes(z.string().trim().min(STUDENT_SEARCH_MIN, "searchTooShort").max(200, "searchTooLong")),
});
export type TStudentSearchInput = z.infer<typeof ZStudentSearchInput>;

export const ZStudentId = z.object({ studentId: z.string().uuid("invalidId") });
