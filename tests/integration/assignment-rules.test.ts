/**
 * Auto-assignment rules (issue 15): ordered rules (category, words in the subject, linked
 * context) give a new student request to one admin, round-robin or least-open-tickets, in the
 * creation's own transaction, skipping away admins and full ones; the assignment is in the
 * history as the rule's doing and goes out as `ticket.assigned`. Concurrency: parallel
 * creations never overfill an admin with one slot left, and round-robin stays fair.
 *
 * Every rule here names a category made for its test, so tickets created by other test files
 * (in the same database, at the same time) never match one.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createAssignmentRuleAction,
  deleteAssignmentRuleAction,
  dryRunAssignmentRulesAction,
  reorderAssignmentRulesAction,
  setAssignmentRuleActiveAction,
} from "@/features/assignment/actions/rule-actions";
import type { TRuleFieldsInput } from "@/features/assignment/schemas";
import { setMyAvailabilityAction } from "@/features/tickets/actions/admin-actions";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import {
  createAdmin,
  createAppointment,
  createOrder,
  createStudent,
  createTicket,
  createTicketCategory,
  createTutor,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { dataOf, expectServerError, expectValidationError, signInAs, signOut } from "../support/actions";
import { waitForLockWaiters } from "../support/admin-tickets";
import { asServiceRole, asUser, rowsOf, testPool } from "../support/db";
import { expandQueuedNotifications } from "../support/email";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

afterEach(() => signOut());

let lead: TUserRow;
let student: TUserRow;
let tutor: TUserRow;

beforeAll(async () => {
  [lead, student, tutor] = await Promise.all([createAdmin(), createStudent(), createTutor()]);
});

const admins = (n: number) => Promise.all(Array.from({ length: n }, () => createAdmin()));

async function addRule(rule: Partial<TRuleFieldsInput> & Pick<TRuleFieldsInput, "category" | "adminIds">) {
  await signInAs(lead);
  const input: TRuleFieldsInput = {
    name: `Règle ${Math.random().toString(36).slice(2, 8)}`,
    subjectWords: "",
    context: "any",
    strategy: rule.adminIds.length === 1 ? "single" : "round_robin",
    ...rule,
  };
  return { id: dataOf(await createAssignmentRuleAction(input)).id, name: input.name };
}

async function setAvailability(
  admin: TUserRow,
  values: { isAway?: boolean; maxOpenTickets?: number | null; releaseOnAway?: boolean },
) {
  await signInAs(admin);
  return dataOf(
    await setMyAvailabilityAction({
      isAway: values.isAway ?? false,
      maxOpenTickets: values.maxOpenTickets ?? null,
      releaseOnAway: values.releaseOnAway ?? false,
    }),
  );
}

function create(
  category: string,
  extra: { subject?: string; appointmentId?: string; orderId?: string; by?: TUserRow } = {},
) {
  return createSupportTicket(sessionUserOf(extra.by ?? student), {
    subject: extra.subject ?? "Une question sur mon compte",
    description: "Bonjour, pouvez-vous m'aider avec ceci ? Merci beaucoup.",
    category,
    appointmentId: extra.appointmentId ?? null,
    orderId: extra.orderId ?? null,
  });
}

/**
 * Lines parallel creations up right before the rules: holds assignment_rules locked (ACCESS
 * EXCLUSIVE) in a transaction of its own until `release()`, so each creation, its ticket and
 * events written, waits to read the rules; released, they all pick an admin at the same moment.
 * (Creations of other test files wait too, for as long; nothing of theirs depends on timing.)
 */
async function holdRulesGate() {
  const client = await testPool().connect();
  await client.query("begin");
  await client.query("lock table public.assignment_rules in access exclusive mode");
  return {
    release: async () => {
      try {
        await client.query("commit");
      } finally {
        client.release();
      }
    },
  };
}

async function assigneeOf(ticketId: string): Promise<string | null> {
  const [row] = rowsOf(await asServiceRole("select assigned_to from support_tickets where id = $1", [ticketId]));
  return row?.assigned_to ?? null;
}

describe("a rule assigns a new request", () => {
  it("in the creation's transaction: history by the rule, ticket.assigned webhook, email to the admin", async () => {
    const category = await createTicketCategory();
    const [admin] = await admins(1);
    const rule = await addRule({ category: category.slug, adminIds: [admin!.id], name: `Paiements ${Date.now()}` });
    const ticket = await create(category.slug);

    expect(await assigneeOf(ticket.id)).toBe(admin!.id);
    const history = rowsOf(
      await asServiceRole(
        "select type::text, actor_id, rule_id, rule_name, to_value from ticket_events where ticket_id = $1 order by created_at, id",
        [ticket.id],
      ),
    );
    expect(history).toEqual([
      { type: "created", actor_id: student.id, rule_id: null, rule_name: null, to_value: "open" },
      { type: "assigned", actor_id: null, rule_id: rule.id, rule_name: rule.name, to_value: admin!.id },
    ]);
    const [webhook] = rowsOf(
      await asServiceRole("select payload from webhook_events where ticket_id = $1 and type = 'ticket.assigned'", [
        ticket.id,
      ]),
    );
    expect(webhook?.payload.data).toMatchObject({
      new_assignee_id: admin!.id,
      old_assignee_id: null,
      changed_by: null,
      changed_by_role: "rule",
      changed_by_rule: { id: rule.id, name: rule.name },
    });
    await expandQueuedNotifications();
    const emails = rowsOf(
      await asServiceRole(
        "select recipient_id from email_notifications where ticket_id = $1 and type = 'ticket_assigned'",
        [ticket.id],
      ),
    );
    expect(emails).toEqual([{ recipient_id: admin!.id }]);
  });

  it("matches words of the subject (accents and case aside), the linked context, and takes the first rule in order", async () => {
    const category = await createTicketCategory();
    const [byWord, byAppointment, byOrder, byNone] = await admins(4);
    await addRule({ category: category.slug, adminIds: [byWord!.id], subjectWords: "remboursement, facture" });
    await addRule({ category: category.slug, adminIds: [byAppointment!.id], context: "appointment" });
    await addRule({ category: category.slug, adminIds: [byOrder!.id], context: "order" });
    await addRule({ category: category.slug, adminIds: [byNone!.id], context: "none" });
    const appointment = await createAppointment({ studentId: student.id });
    const order = await createOrder({ userId: student.id });

    expect(await assigneeOf((await create(category.slug, { subject: "Ma FACTURE de mars" })).id)).toBe(byWord!.id);
    expect(await assigneeOf((await create(category.slug, { subject: "Un REMBOURSÉMENT svp" })).id)).toBe(byWord!.id);
    expect(
      await assigneeOf((await create(category.slug, { subject: "Séance de mardi", appointmentId: appointment.id })).id),
    ).toBe(byAppointment!.id);
    expect(await assigneeOf((await create(category.slug, { subject: "Ma commande", orderId: order.id })).id)).toBe(
      byOrder!.id,
    );
    expect(await assigneeOf((await create(category.slug, { subject: "Autre chose" })).id)).toBe(byNone!.id);
  });

  it("leaves a request in the queue when no rule matches, and skips a disabled rule", async () => {
    const category = await createTicketCategory();
    const other = await createTicketCategory();
    const [admin] = await admins(1);
    const rule = await addRule({ category: category.slug, adminIds: [admin!.id] });
    expect(await assigneeOf((await create(other.slug)).id)).toBeNull();
    await signInAs(lead);
    dataOf(await setAssignmentRuleActiveAction({ id: rule.id, isActive: false }));
    expect(await assigneeOf((await create(category.slug)).id)).toBeNull();
  });

  it("takes the rules in the order set on the rules page", async () => {
    const category = await createTicketCategory();
    const [first, second] = await admins(2);
    const a = await addRule({ category: category.slug, adminIds: [first!.id] });
    const b = await addRule({ category: category.slug, adminIds: [second!.id] });
    expect(await assigneeOf((await create(category.slug)).id)).toBe(first!.id);
    const all = rowsOf(await asServiceRole("select id from assignment_rules order by position, id")).map((r) => r.id);
    const reordered = [b.id, a.id, ...all.filter((id) => id !== a.id && id !== b.id)];
    await signInAs(lead);
    dataOf(await reorderAssignmentRulesAction({ ids: reordered }));
    expect(await assigneeOf((await create(category.slug)).id)).toBe(second!.id);
  });
});

describe("availability and capacity", () => {
  it("skips an away admin and one at capacity; least-open picks the fewest open tickets", async () => {
    const category = await createTicketCategory();
    const [away, full, busy, free] = await admins(4);
    await setAvailability(away!, { isAway: true });
    await setAvailability(full!, { maxOpenTickets: 1 });
    await createTicket({ userId: student.id, assignedTo: full!.id, status: "in_progress" });
    await createTicket({ userId: student.id, assignedTo: busy!.id });
    await createTicket({ userId: student.id, assignedTo: busy!.id });
    await createTicket({ userId: student.id, assignedTo: free!.id });
    // A resolved ticket is not open: it does not count.
    await createTicket({ userId: student.id, assignedTo: free!.id, status: "resolved" });
    await addRule({
      category: category.slug,
      adminIds: [away!.id, full!.id, busy!.id, free!.id],
      strategy: "least_open",
    });
    expect(await assigneeOf((await create(category.slug)).id)).toBe(free!.id);
  });

  it("falls through to the next matching rule when nobody in a rule can take the ticket", async () => {
    const category = await createTicketCategory();
    const [away, backup] = await admins(2);
    await setAvailability(away!, { isAway: true });
    await addRule({ category: category.slug, adminIds: [away!.id] });
    await addRule({ category: category.slug, adminIds: [backup!.id] });
    expect(await assigneeOf((await create(category.slug)).id)).toBe(backup!.id);
  });

  it("going away with 'put my tickets back' unassigns open ones through the pipeline, not resolved ones", async () => {
    const [admin] = await admins(1);
    const open = await createTicket({ userId: student.id, assignedTo: admin!.id });
    const inProgress = await createTicket({ userId: student.id, assignedTo: admin!.id, status: "in_progress" });
    const resolved = await createTicket({ userId: student.id, assignedTo: admin!.id, status: "resolved" });
    const result = await setAvailability(admin!, { isAway: true, releaseOnAway: true });
    expect(result.released).toBe(2);
    expect(await assigneeOf(open.id)).toBeNull();
    expect(await assigneeOf(inProgress.id)).toBeNull();
    expect(await assigneeOf(resolved.id)).toBe(admin!.id);
    const events = rowsOf(
      await asServiceRole(
        "select actor_id, from_value, to_value from ticket_events where ticket_id = $1 and type = 'assigned'",
        [open.id],
      ),
    );
    expect(events).toEqual([{ actor_id: admin!.id, from_value: admin!.id, to_value: null }]);
    const hooks = rowsOf(
      await asServiceRole("select 1 from webhook_events where ticket_id = $1 and type = 'ticket.assigned'", [open.id]),
    );
    expect(hooks).toHaveLength(1);
  });

  it("going away without the option keeps the tickets", async () => {
    const [admin] = await admins(1);
    const open = await createTicket({ userId: student.id, assignedTo: admin!.id });
    expect((await setAvailability(admin!, { isAway: true })).released).toBe(0);
    expect(await assigneeOf(open.id)).toBe(admin!.id);
  });
});

describe("concurrency", () => {
  it("never gives two of eight simultaneous requests to an admin who had one slot left", async () => {
    const category = await createTicketCategory();
    const [admin] = await admins(1);
    await setAvailability(admin!, { maxOpenTickets: 2 });
    await createTicket({ userId: student.id, assignedTo: admin!.id });
    await addRule({ category: category.slug, adminIds: [admin!.id] });
    const students = await Promise.all(Array.from({ length: 8 }, () => createStudent()));
    const gate = await holdRulesGate();
    const creating = Promise.all(students.map((by) => create(category.slug, { by })));
    await waitForLockWaiters(8);
    await gate.release();
    const created = await creating;
    const assigned = (await Promise.all(created.map((ticket) => assigneeOf(ticket.id)))).filter(Boolean);
    expect(assigned).toEqual([admin!.id]);
  });

  it("round-robin stays fair under 20 parallel creations (5 each for 4 admins)", async () => {
    const category = await createTicketCategory();
    const members = await admins(4);
    await addRule({ category: category.slug, adminIds: members.map((m) => m.id), strategy: "round_robin" });
    const students = await Promise.all(Array.from({ length: 20 }, () => createStudent()));
    const gate = await holdRulesGate();
    const creating = Promise.all(students.map((by) => create(category.slug, { by })));
    // The pool's 10 connections wait at the gate; the other creations wait for a connection.
    await waitForLockWaiters(8);
    await gate.release();
    const created = await creating;
    const counts = new Map<string, number>();
    for (const ticket of created) {
      const to = await assigneeOf(ticket.id);
      if (to) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    expect(Object.fromEntries([...counts].sort())).toEqual(
      Object.fromEntries(members.map((m) => [m.id, 5] as const).sort()),
    );
  });
});

describe("round-robin turns", () => {
  it("a creation does not wait for another one of the same rule that has not committed; a rolled-back turn is skipped", async () => {
    const category = await createTicketCategory();
    const [a, b] = await admins(2);
    const rule = await addRule({ category: category.slug, adminIds: [a!.id, b!.id], strategy: "round_robin" });
    // Turn 1 makes the rule's sequence (the one time creations of a rule wait for each other).
    expect(await assigneeOf((await create(category.slug)).id)).toBe(a!.id);
    // Another creation of this rule, still open: it took turn 2 (admin b) and holds what it holds.
    const other = await testPool().connect();
    try {
      await other.query("begin");
      await other.query("set local role service_role");
      const taken = await other.query<{ turn: string }>("select app.next_assignment_turn($1)::text as turn", [rule.id]);
      expect(taken.rows[0]?.turn).toBe("2");
      // With the rule's row locked until commit (before migration 0035) this would wait for `other`.
      const notWaiting = await Promise.race([
        create(category.slug).then((ticket) => ticket.id),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      expect(notWaiting, "the creation finished while the other one was still open").not.toBeNull();
      expect(await assigneeOf(notWaiting ?? "")).toBe(a!.id);
    } finally {
      await other.query("rollback");
      other.release();
    }
    // Turn 2 went with the rolled-back creation: never handed out again (turn 4 → b, 5 → a).
    expect(await assigneeOf((await create(category.slug)).id)).toBe(b!.id);
    expect(await assigneeOf((await create(category.slug)).id)).toBe(a!.id);
  });

  it("an admin away is skipped and the others share the turns; the rule's sequence goes with the rule", async () => {
    const category = await createTicketCategory();
    const [a, b, c] = await admins(3);
    const rule = await addRule({ category: category.slug, adminIds: [a!.id, b!.id, c!.id], strategy: "round_robin" });
    await setAvailability(b!, { isAway: true });
    const to = [];
    for (let i = 0; i < 4; i++) to.push(await assigneeOf((await create(category.slug)).id));
    expect(to).toEqual([a!.id, c!.id, a!.id, c!.id]);
    const sequence = `app.assignment_turns_${rule.id.replaceAll("-", "")}`;
    const exists = async () =>
      rowsOf(await asServiceRole<{ found: string | null }>("select to_regclass($1)::text as found", [sequence]))[0]
        ?.found ?? null;
    expect(await exists()).toBe(sequence);
    await signInAs(lead);
    dataOf(await deleteAssignmentRuleAction({ id: rule.id }));
    expect(await exists()).toBeNull();
  });
});

describe("dry-run", () => {
  it("names the rule and the admin without moving the round-robin pointer or creating anything", async () => {
    const category = await createTicketCategory();
    const [a, b] = await admins(2);
    const rule = await addRule({ category: category.slug, adminIds: [a!.id, b!.id], strategy: "round_robin" });
    await signInAs(lead);
    const input = { category: category.slug, subject: "Test", context: "none" as const };
    const first = dataOf(await dryRunAssignmentRulesAction(input));
    const second = dataOf(await dryRunAssignmentRulesAction(input));
    expect(first).toEqual({ rule: { id: rule.id, name: rule.name }, admin: { id: a!.id, name: a!.name }, skipped: [] });
    expect(second).toEqual(first);
    expect(await assigneeOf((await create(category.slug)).id)).toBe(a!.id);
    await signInAs(lead);
    expect(dataOf(await dryRunAssignmentRulesAction(input)).admin?.id).toBe(b!.id);
  });

  it("says when a matching rule has nobody available", async () => {
    const category = await createTicketCategory();
    const [away] = await admins(1);
    await setAvailability(away!, { isAway: true });
    const rule = await addRule({ category: category.slug, adminIds: [away!.id] });
    await signInAs(lead);
    expect(
      dataOf(await dryRunAssignmentRulesAction({ category: category.slug, subject: "x", context: "none" })),
    ).toEqual({
      rule: null,
      admin: null,
      skipped: [{ id: rule.id, name: rule.name }],
    });
  });
});

describe("who may touch rules", () => {
  it("refuses a rule naming a non-admin or an unknown category", async () => {
    const category = await createTicketCategory();
    await signInAs(lead);
    const base = { name: "x", subjectWords: "", context: "any" as const, strategy: "single" as const };
    const refused = await createAssignmentRuleAction({ ...base, category: category.slug, adminIds: [tutor.id] });
    expect(refused.serverError?.fieldErrors).toEqual({ adminIds: expect.any(String) });
    const unknown = await createAssignmentRuleAction({ ...base, category: "nope-nope", adminIds: [lead.id] });
    expect(unknown.serverError?.fieldErrors).toEqual({ category: expect.any(String) });
    expectValidationError(
      await createAssignmentRuleAction({ ...base, category: category.slug, adminIds: [lead.id, tutor.id] }),
      { adminIds: "ruleSingleNeedsOne" },
    );
  });

  it.each([
    ["a student", () => student],
    ["a tutor", () => tutor],
  ])("%s is refused by every rule action and reads no rule or availability under RLS", async (_label, who) => {
    const category = await createTicketCategory();
    const rule = await addRule({ category: category.slug, adminIds: [lead.id] });
    await setAvailability(lead, { maxOpenTickets: 500 });
    const user = who();
    await signInAs(user);
    expectServerError(
      await createAssignmentRuleAction({
        name: "x",
        category: category.slug,
        subjectWords: "",
        context: "any",
        strategy: "single",
        adminIds: [user.id],
      }),
      "FORBIDDEN",
    );
    expectServerError(await deleteAssignmentRuleAction({ id: rule.id }), "FORBIDDEN");
    expectServerError(
      await dryRunAssignmentRulesAction({ category: category.slug, subject: "x", context: "none" }),
      "FORBIDDEN",
    );
    expectServerError(
      await setMyAvailabilityAction({ isAway: true, maxOpenTickets: null, releaseOnAway: true }),
      "FORBIDDEN",
    );
    expect(rowsOf(await asUser(user.id, "select * from assignment_rules"))).toEqual([]);
    expect(rowsOf(await asUser(user.id, "select * from admin_availability"))).toEqual([]);
    expect(rowsOf(await asUser(user.id, "delete from assignment_rules where id = $1 returning id", [rule.id]))).toEqual(
      [],
    );
    const forged = await asUser(user.id, "insert into admin_availability (user_id, is_away) values ($1, true)", [
      lead.id,
    ]);
    expect(forged.ok ? "inserted" : forged.code).toBe("42501");
  });

  it("a student's forged assignee in the creation input changes nothing", async () => {
    const category = await createTicketCategory();
    const ticket = await createSupportTicket(sessionUserOf(student), {
      subject: "Une question sur mon compte",
      description: "Bonjour, pouvez-vous m'aider avec ceci ? Merci beaucoup.",
      category: category.slug,
      ...({ assignedTo: lead.id, assigneeId: lead.id, ruleId: "x" } as object),
    });
    expect(await assigneeOf(ticket.id)).toBeNull();
  });
});
