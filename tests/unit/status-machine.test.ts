import { describe, expect, it } from "vitest";
import { isBackwardTransition, isTransitionAllowed } from "@/features/tickets/status-machine";
import { TICKET_PRIORITIES, TICKET_STATUSES, ticketPriorityRank, ticketStatusRank } from "@/lib/ticket-values";

describe("isTransitionAllowed", () => {
  it("lets an admin move a ticket along the flow and back", () => {
    expect(isTransitionAllowed("open", "in_progress", "admin")).toBe(true);
    expect(isTransitionAllowed("in_progress", "resolved", "admin")).toBe(true);
    expect(isTransitionAllowed("resolved", "closed", "admin")).toBe(true);
    expect(isTransitionAllowed("closed", "open", "admin")).toBe(true);
    expect(isTransitionAllowed("resolved", "in_progress", "admin")).toBe(true);
  });

  it("never treats staying in the same status as a transition", () => {
    for (const status of ["open", "in_progress", "resolved", "closed"] as const) {
      expect(isTransitionAllowed(status, status, "admin")).toBe(false);
      expect(isTransitionAllowed(status, status, "student")).toBe(false);
    }
  });

  it("lets a student close any ticket that is not closed yet", () => {
    expect(isTransitionAllowed("open", "closed", "student")).toBe(true);
    expect(isTransitionAllowed("in_progress", "closed", "student")).toBe(true);
    expect(isTransitionAllowed("resolved", "closed", "student")).toBe(true);
  });

  it("lets a student reopen a resolved ticket, and nothing else", () => {
    expect(isTransitionAllowed("resolved", "open", "student")).toBe(true);
    expect(isTransitionAllowed("closed", "open", "student")).toBe(false);
    expect(isTransitionAllowed("closed", "in_progress", "student")).toBe(false);
    expect(isTransitionAllowed("resolved", "in_progress", "student")).toBe(false);
  });

  it("keeps workflow moves for admins only", () => {
    expect(isTransitionAllowed("open", "in_progress", "student")).toBe(false);
    expect(isTransitionAllowed("open", "resolved", "student")).toBe(false);
    expect(isTransitionAllowed("in_progress", "resolved", "student")).toBe(false);
    expect(isTransitionAllowed("in_progress", "open", "student")).toBe(false);
  });
});

describe("isBackwardTransition", () => {
  it("is true when the target comes earlier in open → in_progress → resolved → closed", () => {
    expect(isBackwardTransition("resolved", "in_progress")).toBe(true);
    expect(isBackwardTransition("closed", "open")).toBe(true);
    expect(isBackwardTransition("in_progress", "open")).toBe(true);
  });

  it("is false for forward moves and for staying put", () => {
    expect(isBackwardTransition("open", "in_progress")).toBe(false);
    expect(isBackwardTransition("resolved", "closed")).toBe(false);
    expect(isBackwardTransition("open", "open")).toBe(false);
  });
});

describe("ticketStatusRank and ticketPriorityRank", () => {
  it("number the values 1 to 4 in the flow's and the urgency's order, as status_rank and priority_rank store them", () => {
    expect(TICKET_STATUSES.map((status) => [status, ticketStatusRank(status)])).toEqual([
      ["open", 1],
      ["in_progress", 2],
      ["resolved", 3],
      ["closed", 4],
    ]);
    expect(TICKET_PRIORITIES.map((priority) => [priority, ticketPriorityRank(priority)])).toEqual([
      ["low", 1],
      ["medium", 2],
      ["high", 3],
      ["urgent", 4],
    ]);
  });
});
