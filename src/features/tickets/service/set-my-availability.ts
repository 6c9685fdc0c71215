import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { findAvailability, saveAvailability, selectOpenTicketIdsOf, type TAdminAvailability } from "../repository";
import type { TSetAvailabilityInput } from "../schemas";
import { applyTicketChange } from "./ticket-change";

/** How many tickets one "going away" puts back in the queue (the rest stay assigned). */
export const RELEASE_LIMIT = 500;

export async function getMyAvailability(user: TSessionUser): Promise<TAdminAvailability> {
  assertRole(user, "admin");
  return withUser(user, (tx) => findAvailability(tx, user.id));
}

/**
 * An admin sets their own availability and capacity (issue 15). Away, the rules skip them; with
 * "put my tickets back in the queue", going away unassigns their open and in-progress tickets,
 * each through the pipeline (history, `ticket.assigned` webhook, live update), in the same
 * transaction as the switch. Returns how many tickets went back.
 */
export async function setMyAvailability(
  user: TSessionUser,
  input: TSetAvailabilityInput,
): Promise<TAdminAvailability & { released: number }> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const before = await findAvailability(tx, user.id);
    const next: TAdminAvailability = {
      isAway: input.isAway,
      maxOpenTickets: input.maxOpenTickets ?? null,
      releaseOnAway: input.releaseOnAway,
    };
    await saveAvailability(tx, user.id, next);
    let released = 0;
    if (next.isAway && !before.isAway && next.releaseOnAway) {
      for (const ticketId of await selectOpenTicketIdsOf(tx, user.id, RELEASE_LIMIT)) {
        const change = await applyTicketChange(tx, user, {
          ticketId,
          decide: (ticket) => (ticket.assignedTo === user.id ? { set: { assignedTo: null } } : "unchanged"),
        });
        if (change.changed) released++;
      }
    }
    return { ...next, released };
  });
}
