import "server-only";
import { sql } from "drizzle-orm";
import { pickAutoAssignee } from "@/features/assignment";
import type { TTx } from "@/server/db/with-user";
import type { TTicketSnapshot } from "@/server/events/ticket-events";
import { applyTicketChange } from "./ticket-change";

/**
 * The auto-assignment rules (issue 15), applied in the transaction that creates the ticket: if
 * a rule gives it to an admin, the assignment goes through the pipeline (history row naming the
 * rule, `ticket.assigned` webhook, email, live update) and commits with the ticket; a rule that
 * fails rolls the creation back with it.
 *
 * The creation runs under the student's RLS, and students may read no rule, no admin's load and
 * assign nothing. This step alone runs as service_role, on the ticket this transaction has just
 * inserted (nothing the student sent chooses which ticket or admin, only which rule matches),
 * and gives the transaction back to `authenticated` before anything else runs in it.
 * Returns the admin it went to, or null.
 */
export async function autoAssignNewTicket(tx: TTx, ticket: TTicketSnapshot): Promise<string | null> {
  await tx.execute(sql`select set_config('role', 'service_role', true)`);
  const { assignment } = await pickAutoAssignee(
    tx,
    {
      category: ticket.category,
      subject: ticket.subject,
      hasAppointment: ticket.appointmentId !== null,
      hasOrder: ticket.orderId !== null,
    },
    { dryRun: false },
  );
  if (assignment) {
    await applyTicketChange(
      tx,
      { rule: assignment.rule },
      {
        ticketId: ticket.id,
        decide: (locked) => (locked.assignedTo === null ? { set: { assignedTo: assignment.adminId } } : "unchanged"),
      },
    );
  }
  // Not in a `finally`: after an error the transaction is aborted and rolls back as a whole.
  await tx.execute(sql`select set_config('role', 'authenticated', true)`);
  return assignment?.adminId ?? null;
}
