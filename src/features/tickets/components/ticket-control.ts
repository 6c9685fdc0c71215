import type { TActionError } from "@/lib/errors";
import type { TAdminTicketDetails } from "../dto";

export type TTicketStatus = TAdminTicketDetails["status"];
export type TTicketPriority = TAdminTicketDetails["priority"];

/** The ticket as the server rendered it: after each change the page refreshes and brings the next one. */
export type TControlledTicket = Pick<TAdminTicketDetails, "id" | "version" | "status" | "priority"> & {
  assigneeId: string | null;
};

/** What a change ended with: the text to announce, or the action's error. */
export type TControlOutcome = { text: string } | { error: TActionError };

/**
 * What each form of the ticket's controls gets: one change at a time across the three forms
 * (each sends the version it sees, so a second one sent meanwhile would only hit CONFLICT),
 * and one place that announces the outcome.
 */
export type TTicketControlProps = {
  ticket: TControlledTicket;
  /** A change is being sent, or the page is refreshing after one. */
  locked: boolean;
  onStart: () => void;
  onDone: (outcome: TControlOutcome) => void;
};
