import { describe, expect, it } from "vitest";
import { pickAdmin, type TAdminLoad } from "@/features/assignment/matching";

const load = (id: string, values: Partial<TAdminLoad> = {}): [string, TAdminLoad] => [
  id,
  { id, isAway: false, maxOpenTickets: null, openTickets: 0, ...values },
];

describe("round-robin by turn", () => {
  const members = ["a", "b", "c"];

  it("gives turn n to the ((n - 1) mod k)-th available admin, in the rule's order", () => {
    const loads = new Map([load("a"), load("b"), load("c")]);
    expect([1, 2, 3, 4, 5, 6].map((turn) => pickAdmin("round_robin", members, loads, turn))).toEqual([
      "a",
      "b",
      "c",
      "a",
      "b",
      "c",
    ]);
    expect(pickAdmin("round_robin", members, loads, null)).toBe("a");
  });

  it("skips an admin away or at capacity, and the others share the turns", () => {
    const loads = new Map([load("a"), load("b", { isAway: true }), load("c", { maxOpenTickets: 2, openTickets: 1 })]);
    expect([1, 2, 3, 4].map((turn) => pickAdmin("round_robin", members, loads, turn))).toEqual(["a", "c", "a", "c"]);
    const full = new Map([
      load("a", { isAway: true }),
      load("b", { isAway: true }),
      load("c", { maxOpenTickets: 1, openTickets: 1 }),
    ]);
    expect(pickAdmin("round_robin", members, full, 7)).toBeNull();
  });
});
