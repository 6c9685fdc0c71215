// Values the browser needs too (form limits, status and priority lists). The lists and limits
// themselves live once in src/lib/ticket-values.ts; these names stay for the feature's callers.
import { TICKET_PRIORITIES, TICKET_STATUSES, type TTicketPriority, type TTicketStatus } from "@/lib/ticket-values";

export {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MESSAGE_MAX,
  REASON_MAX,
  SUBJECT_MAX,
  SUBJECT_MIN,
} from "@/lib/ticket-values";
export const PAGE_SIZE = 20;

/** In the flow's order (open → in_progress → resolved → closed). */
export const STATUSES: readonly TTicketStatus[] = TICKET_STATUSES;
/** From low to urgent. */
export const PRIORITIES: readonly TTicketPriority[] = TICKET_PRIORITIES;
