import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import type { TUserRole } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { findTicketState, lockTicket, type TTicketState } from "../repository";

export function assertRole(user: TSessionUser, ...roles: TUserRole[]): void {
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN");
}

/**
 * Loads and row-locks a ticket for a change by `user`:
 * - NOT_FOUND when the user cannot see it (another student's ticket looks like no ticket);
 * - TICKET_CLOSED when a student acts on a closed ticket;
 * - CONFLICT when `expectedVersion` (the version the user was looking at) is stale, so two
 *   admins changing the same ticket never overwrite each other silently.
 */
export async function lockTicketForChange(
  tx: TTx,
  user: TSessionUser,
  ticketId: string,
  expectedVersion?: number,
): Promise<TTicketState> {
  const visible = await findTicketState(tx, ticketId);
  if (!visible) throw new AppError("NOT_FOUND");
  if (user.role !== "admin" && visible.status === "closed") throw new AppError("TICKET_CLOSED");
  const locked = await lockTicket(tx, ticketId);
  if (!locked) {
    // Visible but not lockable: it was closed (or taken away) while we waited for the lock.
    const now = await findTicketState(tx, ticketId);
    throw new AppError(now?.status === "closed" ? "TICKET_CLOSED" : "CONFLICT");
  }
  if (expectedVersion !== undefined && locked.version !== expectedVersion) throw new AppError("CONFLICT");
  return locked;
}
