/** The platform's roles: the pg enum user_role is built from this list. */
export const USER_ROLES = ["student", "tutor", "admin"] as const;
export type TUserRole = (typeof USER_ROLES)[number];
