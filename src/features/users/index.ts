// The users feature's public entry. Where a role lands is pure and lives in src/lib (the
// page guard in src/server needs it too); it is re-exported here for features and pages.
export { homePathFor } from "@/lib/home-path";
export { type TUserRole, USER_ROLES } from "@/lib/user-roles";
export type { TInvitationSent, TStudentOption, TUserListItem, TUserListPage } from "./dto";
export { userListFiltersOf } from "./schemas";
export { acceptInvitation, isInvitationLinkUsable } from "./service/accept-invitation";
export { inviteUser, resendInvitation } from "./service/invite-user";
export { listUsers } from "./service/list-users";
export { findStudent, searchStudents } from "./service/search-students";
export { type TAccountChange, updateAccount } from "./service/update-account";
