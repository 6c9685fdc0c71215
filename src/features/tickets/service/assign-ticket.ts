import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { validationError } from "@/server/validation";
import { findUserRole } from "../repository";
import type { TAssignTicketInput } from "../schemas";
import { applyTicketChange, type TAppliedTicketChange } from "./ticket-change";

/** Plan 3.2 assignTicket: the assignee must be an admin; null unassigns. */
export async function assignTicket(
  user: TSessionUser,
  input: TAssignTicketInput,
): Promise<{ version: number; assigneeId: string | null }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const change = await assignTicketIn(tx, user, input);
    return { version: change.version, assigneeId: change.ticket.assignedTo };
  });
}

/** The change in the caller's transaction (a bulk action runs it once per ticket). */
export async function assignTicketIn(
  tx: TTx,
  user: TSessionUser,
  input: TAssignTicketInput,
): Promise<TAppliedTicketChange> {
  if (input.assigneeId && (await findUserRole(tx, input.assigneeId)) !== "admin") {
    throw validationError("assigneeId", "assigneeNotAdmin");
  }
  return applyTicketChange(tx, user, {
    ticketId: input.ticketId,
    expectedVersion: input.expectedVersion,
    decide: (ticket) =>
      ticket.assignedTo === input.assigneeId ? "unchanged" : { set: { assignedTo: input.assigneeId } },
  });
}
