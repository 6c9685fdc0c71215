import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { isTransitionAllowed } from "../status-machine";
import { applyTicketChange } from "./ticket-change";

/** Plan 3.1 closeTicket: the owning student closes a ticket that is not closed yet (for good). */
export async function closeTicket(user: TSessionUser, ticketId: string): Promise<{ status: "closed" }> {
  assertRole(user, "student");
  return withUser(user, async (tx) => {
    await applyTicketChange(tx, user, {
      ticketId,
      decide: (ticket) => {
        if (!isTransitionAllowed(ticket.status, "closed", "student")) throw new AppError("TICKET_CLOSED");
        return { set: { status: "closed" } };
      },
    });
    return { status: "closed" as const };
  });
}
