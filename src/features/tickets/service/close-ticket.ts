import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { updateTicket } from "../repository";
import { ZTicketId } from "../schemas";
import { isTransitionAllowed } from "../status-machine";
import { assertRole, lockTicketForChange } from "./guards";
import { recordTicketEvent } from "./record-event";

/** Plan 3.1 closeTicket: the owning student closes a ticket that is not closed yet (for good). */
export async function closeTicket(user: TSessionUser, ticketId: string): Promise<{ status: "closed" }> {
  assertRole(user, "student");
  const { ticketId: id } = parseInput(ZTicketId, { ticketId });
  return withUser(user.id, async (tx) => {
    const ticket = await lockTicketForChange(tx, user, id);
    if (!isTransitionAllowed(ticket.status, "closed", "student")) throw new AppError("TICKET_CLOSED");
    await updateTicket(tx, ticket.id, { status: "closed" });
    await recordTicketEvent(tx, user, {
      ticketId: ticket.id,
      type: "status_changed",
      fromValue: ticket.status,
      toValue: "closed",
    });
    return { status: "closed" as const };
  });
}
