import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketPriority } from "@/server/db/schema";
import { withUser } from "@/server/db/with-user";
import { parseInput } from "@/server/validation";
import { updateTicket } from "../repository";
import { type TUpdatePriorityInput, ZUpdatePriorityInput } from "../schemas";
import { assertRole, lockTicketForChange } from "./guards";
import { recordTicketEvent } from "./record-event";

/** Plan 3.2 updateTicketPriority (admin only; students never see priorities). Same priority: no change, no history. */
export async function updateTicketPriority(
  user: TSessionUser,
  rawInput: TUpdatePriorityInput,
): Promise<{ version: number; priority: TTicketPriority }> {
  assertRole(user, "admin");
  const input = parseInput(ZUpdatePriorityInput, rawInput);
  return withUser(user.id, async (tx) => {
    const ticket = await lockTicketForChange(tx, user, input.ticketId, input.expectedVersion);
    if (ticket.priority === input.priority) return { version: ticket.version, priority: ticket.priority };
    const updated = await updateTicket(tx, ticket.id, { priority: input.priority });
    await recordTicketEvent(tx, user, {
      ticketId: ticket.id,
      type: "priority_changed",
      fromValue: ticket.priority,
      toValue: input.priority,
    });
    return { version: updated.version, priority: updated.priority };
  });
}
