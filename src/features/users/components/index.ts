// The users feature's components (admin accounts page, invitation page).
export { AcceptInvitationForm } from "./accept-invitation-form";
export { InviteUserForm } from "./invite-user-form";
export { StudentPicker } from "./student-picker";
export { UserList } from "./user-list";
export { UserSearch } from "./user-search";
