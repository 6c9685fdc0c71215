import "server-only";
import type { TTx } from "@/server/db/with-user";
import { withServiceRole } from "@/server/db/with-user";
import { lockTicketIfStillDue, selectAutoCloseDays, selectTicketsDueToClose } from "../repository/auto-close";
import { applyTicketChange, SYSTEM_ACTOR } from "./ticket-change";

const DAY_MS = 24 * 3_600_000;
export const AUTO_CLOSE_BATCH_SIZE = 100;

/**
 * Closes the resolved tickets that got no reply from their student for the delay admins set
 * (app_settings.auto_close_days, default 7; 0 = never). Each ticket closes in its own short
 * transaction through the ticket-change pipeline, as the system: its history says "Système",
 * the webhook `ticket.status_changed` (changed_by null, changed_by_role "system") and the
 * student's "request closed" email go out like for any close. A student's reply reopens a
 * resolved ticket (resolved → open), so "no reply" is "still resolved since the cutoff",
 * checked again under the row lock: a ticket reopened meanwhile, or closed by another worker,
 * is left alone. Returns how many tickets it closed.
 */
export async function autoCloseResolvedTickets(
  options: {
    now?: Date;
    batchSize?: number;
    /** A service-role transaction; the worker passes one on its job's own connection (it has no app pool). */
    transaction?: <T>(work: (tx: TTx) => Promise<T>) => Promise<T>;
  } = {},
): Promise<number> {
  const inTransaction = options.transaction ?? withServiceRole;
  const days = await inTransaction(selectAutoCloseDays);
  if (days <= 0) return 0;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  const limit = options.batchSize ?? AUTO_CLOSE_BATCH_SIZE;
  let closed = 0;
  let after: { resolvedAt: string; id: string } | null = null;
  for (;;) {
    const batch = await inTransaction((tx) => selectTicketsDueToClose(tx, { cutoff, after, limit }));
    for (const ticket of batch) {
      const done = await inTransaction(async (tx) => {
        if (!(await lockTicketIfStillDue(tx, ticket.id, cutoff))) return false;
        const change = await applyTicketChange(tx, SYSTEM_ACTOR, {
          ticketId: ticket.id,
          decide: (locked) => (locked.status === "resolved" ? { set: { status: "closed" } } : "unchanged"),
        });
        return change.changed;
      });
      if (done) closed += 1;
    }
    if (batch.length < limit) return closed;
    after = batch[batch.length - 1] ?? null;
  }
}
