import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketStatus } from "@/server/db/schema";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput, validationError } from "@/server/validation";
import { updateTicket } from "../repository";
import { type TUpdateStatusInput, ZUpdateStatusInput } from "../schemas";
import { isBackwardTransition, isTransitionAllowed } from "../status-machine";
import { assertRole, lockTicketForChange } from "./guards";
import { recordTicketEvent } from "./record-event";

export type TTicketChange = { version: number; status: TTicketStatus; resolvedAt: Date | null; updatedAt: Date };

/**
 * Plan 3.2 updateTicketStatus: any other status, with a reason that is required when the
 * ticket moves back in the flow (e.g. resolved → in_progress). resolved_at is set when it
 * becomes resolved and cleared when it is reopened (database trigger).
 */
export async function updateTicketStatus(user: TSessionUser, rawInput: TUpdateStatusInput): Promise<TTicketChange> {
  assertRole(user, "admin");
  const input = parseInput(ZUpdateStatusInput, rawInput);
  return withUser(user.id, async (tx) => {
    const ticket = await lockTicketForChange(tx, user, input.ticketId, input.expectedVersion);
    if (!isTransitionAllowed(ticket.status, input.status, "admin")) throw new AppError("INVALID_TRANSITION");
    if (isBackwardTransition(ticket.status, input.status) && !input.reason) {
      throw validationError("reason", "reasonRequired");
    }
    const updated = await updateTicket(tx, ticket.id, { status: input.status });
    await recordTicketEvent(tx, user, {
      ticketId: ticket.id,
      type: "status_changed",
      fromValue: ticket.status,
      toValue: input.status,
      reason: input.reason,
    });
    return {
      version: updated.version,
      status: updated.status,
      resolvedAt: updated.resolvedAt,
      updatedAt: updated.updatedAt,
    };
  });
}
