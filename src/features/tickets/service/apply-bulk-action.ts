import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { type TTx, withUser } from "@/server/db/with-user";
import { toAppError } from "@/server/errors";
import { logUnexpectedError } from "@/server/log";
import { validationError } from "@/server/validation";
import type { TBulkOutcome } from "../dto";
import { findUserRole } from "../repository";
import type { TBulkAction, TBulkActionInput } from "../schemas";
import { ZBulkActionInput } from "../schemas";
import { addTicketTagIn } from "./add-ticket-tag";
import { assignTicketIn } from "./assign-ticket";
import { updateTicketPriorityIn } from "./update-ticket-priority";
import { updateTicketStatusIn } from "./update-ticket-status";

/**
 * Applies one action to each selected ticket through the very change the single-ticket
 * controls use (same rules, same pipeline, same history, webhooks, emails and live updates),
 * each ticket in its own transaction: a ticket is changed completely or not at all, and one
 * refusal (changed meanwhile: CONFLICT; the reason rule; a closed ticket…) leaves the others
 * done. Tickets are taken one after another, in the order given.
 */
export async function applyBulkAction(user: TSessionUser, input: TBulkActionInput): Promise<TBulkOutcome[]> {
  assertRole(user, "admin");
  const { tickets, action } = ZBulkActionInput.parse(input);
  if (action.type === "assign" && action.assigneeId) {
    // Checked once for the whole batch (the per-ticket change checks it again).
    const role = await withUser(user, (tx) => findUserRole(tx, action.assigneeId as string));
    if (role !== "admin") throw validationError("assigneeId", "assigneeNotAdmin");
  }
  const seen = new Set<string>();
  const outcomes: TBulkOutcome[] = [];
  for (const { ticketId, expectedVersion } of tickets) {
    if (seen.has(ticketId)) continue;
    seen.add(ticketId);
    try {
      const changed = await withUser(user, (tx) => applyOne(tx, user, action, ticketId, expectedVersion));
      outcomes.push({ ticketId, result: changed ? "done" : "unchanged" });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "INTERNAL") logUnexpectedError("bulk action", error);
      const fieldErrors = appError.details?.fieldErrors as Record<string, string> | undefined;
      const reasonKey = fieldErrors ? Object.values(fieldErrors)[0] : undefined;
      outcomes.push({ ticketId, result: "refused", code: appError.code, ...(reasonKey ? { reasonKey } : {}) });
    }
  }
  return outcomes;
}

async function applyOne(
  tx: TTx,
  user: TSessionUser,
  action: TBulkAction,
  ticketId: string,
  expectedVersion: number | undefined,
): Promise<boolean> {
  switch (action.type) {
    case "assign":
      return (await assignTicketIn(tx, user, { ticketId, expectedVersion, assigneeId: action.assigneeId })).changed;
    case "status":
      return (
        await updateTicketStatusIn(
          tx,
          user,
          { ticketId, expectedVersion, status: action.status, reason: action.reason },
          { sameIsUnchanged: true },
        )
      ).changed;
    case "priority":
      return (await updateTicketPriorityIn(tx, user, { ticketId, expectedVersion, priority: action.priority })).changed;
    case "tag":
      return (await addTicketTagIn(tx, user, { ticketId, expectedVersion, name: action.name })).changed;
  }
}
