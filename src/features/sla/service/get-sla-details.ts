import "server-only";
import { slaDueAtOf } from "@/lib/sla-clock";
import type { TSlaClock, TSlaDetails } from "@/lib/sla-values";
import type { TTx } from "@/server/db/with-user";
import { readTicketSla } from "../repository";

/** An admin's view of a ticket's clocks, in the caller's (admin) transaction; null when not visible. */
export async function getSlaDetails(tx: TTx, ticketId: string): Promise<TSlaDetails | null> {
  const stored = await readTicketSla(tx, ticketId);
  if (!stored) return null;
  const { state } = stored;
  const dueAt = slaDueAtOf(state);
  const clock: TSlaClock | null =
    dueAt === null
      ? null
      : dueAt.getTime() === state.firstResponseDueAt?.getTime()
        ? "first_response"
        : dueAt.getTime() === state.nextResponseDueAt?.getTime()
          ? "next_response"
          : "resolution";
  return {
    summary: {
      dueAt,
      clock,
      breached: state.firstResponseBreached || state.nextResponseBreached || state.resolutionBreached,
    },
    clocks: [
      {
        clock: "first_response",
        dueAt: state.firstResponseDueAt,
        metAt: state.firstResponseAt,
        breached: state.firstResponseBreached,
      },
      { clock: "next_response", dueAt: state.nextResponseDueAt, metAt: null, breached: state.nextResponseBreached },
      { clock: "resolution", dueAt: state.resolutionDueAt, metAt: null, breached: state.resolutionBreached },
    ],
    pausedAt: state.pausedAt,
  };
}
