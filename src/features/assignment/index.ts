// The assignment rules' server entry, for the tickets feature's creation path.
export type { TAutoAssignment } from "./dto";
export type { TTicketFacts } from "./matching";
export { pickAutoAssignee, type TRuleOutcome } from "./service/pick-auto-assignee";
