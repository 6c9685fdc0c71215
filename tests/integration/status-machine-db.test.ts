import { describe, expect, it } from "vitest";
import { isTransitionAllowed, type TActorKind } from "@/features/tickets/status-machine";
import { TICKET_STATUSES, type TTicketStatus } from "@/server/db/schema";
import { createStudent } from "../factories";
import { asUser, rowsOf } from "../support/db";

type TPairRow = { from_status: TTicketStatus; to_status: TTicketStatus; by_admin: boolean; allowed: boolean };

describe("public.ticket_status_transition_allowed agrees with isTransitionAllowed", () => {
  it("has the same statuses as the TypeScript enum", async () => {
    const student = await createStudent();
    const rows = rowsOf(
      await asUser<{ status: string }>(
        student.id,
        "select unnest(enum_range(null::public.ticket_status))::text as status",
      ),
    );
    expect(rows.map((row) => row.status)).toEqual([...TICKET_STATUSES]);
  });

  it("on all 32 (from, to, actor) combinations", async () => {
    const student = await createStudent();
    // Called as the authenticated role, as the guard trigger does during a request.
    const rows = rowsOf(
      await asUser<TPairRow>(
        student.id,
        `select f.s as from_status, t.s as to_status, a.by_admin,
                public.ticket_status_transition_allowed(f.s, t.s, a.by_admin) as allowed
           from unnest(enum_range(null::public.ticket_status)) as f(s)
          cross join unnest(enum_range(null::public.ticket_status)) as t(s)
          cross join (values (false), (true)) as a(by_admin)`,
      ),
    );
    expect(rows).toHaveLength(TICKET_STATUSES.length ** 2 * 2);

    const actual = rows.map((row) => ({ ...row }));
    const expected = rows.map((row) => {
      const actor: TActorKind = row.by_admin ? "admin" : "student";
      return { ...row, allowed: isTransitionAllowed(row.from_status, row.to_status, actor) };
    });
    expect(actual).toEqual(expected);
    // Both sides allow something and refuse something (guards against an all-true or all-false table).
    expect(new Set(actual.map((row) => row.allowed))).toEqual(new Set([true, false]));
  });
});
