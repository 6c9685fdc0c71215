import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { type TTx, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import type { TUpdateStatusInput } from "../schemas";
import { isBackwardTransition, isTransitionAllowed } from "../status-machine";
import { applyTicketChange, type TAppliedTicketChange } from "./ticket-change";

export type TTicketChange = { version: number; status: TTicketStatus; resolvedAt: Date | null; updatedAt: Date };

/**
 * Plan 3.2 updateTicketStatus: any other status, with a reason that is required when the
 * ticket moves back in the flow (e.g. resolved → in_progress). resolved_at is set when it
 * becomes resolved and cleared when it is reopened (database trigger).
 */
export async function updateTicketStatus(user: TSessionUser, input: TUpdateStatusInput): Promise<TTicketChange> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const change = await updateTicketStatusIn(tx, user, input);
    return {
      version: change.version,
      status: change.ticket.status,
      resolvedAt: change.resolvedAt,
      // biome-ignore lint/style/noNonNullAssertion: a status change always updates the row
      updatedAt: change.updatedAt!,
    };
  });
}

/**
 * The change in the caller's transaction (a bulk action runs it once per ticket). With
 * `sameIsUnchanged`, a ticket already at that status is left as is instead of refused.
 */
export function updateTicketStatusIn(
  tx: TTx,
  user: TSessionUser,
  input: TUpdateStatusInput,
  options: { sameIsUnchanged?: boolean } = {},
): Promise<TAppliedTicketChange> {
  return applyTicketChange(tx, user, {
    ticketId: input.ticketId,
    expectedVersion: input.expectedVersion,
    decide: (ticket) => {
      if (options.sameIsUnchanged && ticket.status === input.status) return "unchanged";
      if (!isTransitionAllowed(ticket.status, input.status, "admin")) throw new AppError("INVALID_TRANSITION");
      if (isBackwardTransition(ticket.status, input.status) && !input.reason) {
        throw validationError("reason", "reasonRequired");
      }
      return { set: { status: input.status }, reason: input.reason ?? null };
    },
  });
}
