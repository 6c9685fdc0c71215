import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { parseInput, validationError } from "@/server/validation";
import { findUserRole, updateTicket } from "../repository";
import { type TAssignTicketInput, ZAssignTicketInput } from "../schemas";
import { assertRole, lockTicketForChange } from "./guards";
import { recordTicketEvent } from "./record-event";

/** Plan 3.2 assignTicket: the assignee must be an admin; null unassigns. */
export async function assignTicket(
  user: TSessionUser,
  rawInput: TAssignTicketInput,
): Promise<{ version: number; assigneeId: string | null }> {
  assertRole(user, "admin");
  const input = parseInput(ZAssignTicketInput, rawInput);
  return withUser(user.id, async (tx) => {
    if (input.assigneeId && (await findUserRole(tx, input.assigneeId)) !== "admin") {
      throw validationError("assigneeId", "assigneeNotAdmin");
    }
    const ticket = await lockTicketForChange(tx, user, input.ticketId, input.expectedVersion);
    if (ticket.assignedTo === input.assigneeId) return { version: ticket.version, assigneeId: ticket.assignedTo };
    const updated = await updateTicket(tx, ticket.id, { assignedTo: input.assigneeId });
    await recordTicketEvent(tx, user, {
      ticketId: ticket.id,
      type: "assigned",
      fromValue: ticket.assignedTo,
      toValue: input.assigneeId,
    });
    return { version: updated.version, assigneeId: updated.assignedTo };
  });
}
