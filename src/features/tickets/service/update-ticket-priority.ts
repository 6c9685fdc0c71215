import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketPriority } from "@/server/db/schema";
import { type TTx, withUser } from "@/server/db/with-user";
import type { TUpdatePriorityInput } from "../schemas";
import { applyTicketChange, type TAppliedTicketChange } from "./ticket-change";

/** Plan 3.2 updateTicketPriority (admin only; students never see priorities). Same priority: no change, no history. */
export async function updateTicketPriority(
  user: TSessionUser,
  input: TUpdatePriorityInput,
): Promise<{ version: number; priority: TTicketPriority }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const change = await updateTicketPriorityIn(tx, user, input);
    return { version: change.version, priority: change.ticket.priority };
  });
}

/** The change in the caller's transaction (a bulk action runs it once per ticket). */
export function updateTicketPriorityIn(
  tx: TTx,
  user: TSessionUser,
  input: TUpdatePriorityInput,
): Promise<TAppliedTicketChange> {
  return applyTicketChange(tx, user, {
    ticketId: input.ticketId,
    expectedVersion: input.expectedVersion,
    decide: (ticket) => (ticket.priority === input.priority ? "unchanged" : { set: { priority: input.priority } }),
  });
}
