/**
 * Issue 17: resolved tickets close themselves after app_settings.auto_close_days without a
 * reply from their student, through the ticket-change pipeline, as the system: one history
 * row (no actor), one `ticket.status_changed` webhook (changed_by null, role "system"), and
 * never twice, even when two workers run the job at once.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { autoCloseResolvedTickets } from "@/features/tickets/service/auto-close-resolved-tickets";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { createStudent, sessionUserOf, type TUserRow } from "../factories";
import { asServiceRole, rowsOf } from "../support/db";
import { restoreWebhookEnv, setWebhookEnv, storedWebhookEventsOf } from "../support/webhooks";

const DAY_MS = 24 * 3_600_000;
let student: TUserRow;

async function insertTicket(status: "resolved" | "open" | "in_progress", resolvedDaysAgo: number | null) {
  const resolvedAt = resolvedDaysAgo === null ? null : new Date(Date.now() - resolvedDaysAgo * DAY_MS).toISOString();
  const [row] = rowsOf<{ id: string }>(
    await asServiceRole(
      `insert into public.support_tickets (user_id, subject, description, category, status, resolved_at)
       values ($1, 'Fermeture automatique', 'Une demande pour tester la fermeture automatique.', 'soutien-technique', $2, $3)
       returning id`,
      [student.id, status, resolvedAt],
      { commit: true },
    ),
  );
  if (!row) throw new Error("no ticket");
  return row.id;
}

async function statusOf(ticketId: string) {
  const [row] = rowsOf<{ status: string }>(
    await asServiceRole("select status::text as status from public.support_tickets where id = $1", [ticketId]),
  );
  return row?.status;
}

async function historyOf(ticketId: string) {
  return rowsOf<{ type: string; from_value: string; to_value: string; actor_id: string | null }>(
    await asServiceRole(
      "select type::text as type, from_value, to_value, actor_id from public.ticket_events where ticket_id = $1 order by created_at",
      [ticketId],
    ),
  );
}

async function setDays(days: number) {
  rowsOf(await asServiceRole("update public.app_settings set auto_close_days = $1", [days], { commit: true }));
}

beforeAll(async () => {
  setWebhookEnv({});
  student = await createStudent();
});

afterEach(async () => {
  await setDays(7);
});

afterAll(() => restoreWebhookEnv());

describe("auto-close of resolved tickets", () => {
  it("closes a ticket resolved longer ago than the delay, once, as the system, with its webhook", async () => {
    const due = await insertTicket("resolved", 8);
    const recent = await insertTicket("resolved", 2);
    const reopened = await insertTicket("open", null);

    // Two workers at once: each ticket still closes once.
    const [first, second] = await Promise.all([autoCloseResolvedTickets(), autoCloseResolvedTickets()]);
    expect((first ?? 0) + (second ?? 0)).toBeGreaterThanOrEqual(1);

    expect(await statusOf(due)).toBe("closed");
    expect(await statusOf(recent)).toBe("resolved");
    expect(await statusOf(reopened)).toBe("open");

    expect(await historyOf(due)).toEqual([
      { type: "status_changed", from_value: "resolved", to_value: "closed", actor_id: null },
    ]);
    const webhooks = await storedWebhookEventsOf(due);
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]?.type).toBe("ticket.status_changed");
    expect(webhooks[0]?.payload.data).toMatchObject({
      ticket_id: due,
      old_status: "resolved",
      new_status: "closed",
      changed_by: null,
      changed_by_role: "system",
    });

    // Again later: nothing more happens to it.
    await autoCloseResolvedTickets();
    expect(await historyOf(due)).toHaveLength(1);
    expect(await storedWebhookEventsOf(due)).toHaveLength(1);
    expect(await historyOf(recent)).toHaveLength(0);
  });

  it("follows the delay admins set, and 0 turns it off", async () => {
    const ticket = await insertTicket("resolved", 3);
    await setDays(0);
    expect(await autoCloseResolvedTickets()).toBe(0);
    expect(await statusOf(ticket)).toBe("resolved");
    await setDays(2);
    expect(await autoCloseResolvedTickets()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(ticket)).toBe("closed");
  });

  it("tells the student when a resolved ticket will close, and nothing once the delay is off", async () => {
    const ticket = await insertTicket("resolved", 1);
    const [row] = rowsOf<{ resolved_at: Date }>(
      await asServiceRole("select resolved_at from public.support_tickets where id = $1", [ticket]),
    );
    const details = await getStudentTicketDetails(sessionUserOf(student), ticket);
    expect(details.autoCloseAt?.getTime()).toBe((row?.resolved_at.getTime() ?? 0) + 7 * DAY_MS);
    await setDays(0);
    expect((await getStudentTicketDetails(sessionUserOf(student), ticket)).autoCloseAt).toBeNull();
    const open = await insertTicket("open", null);
    expect((await getStudentTicketDetails(sessionUserOf(student), open)).autoCloseAt).toBeNull();
  });

  it("walks past a full batch", async () => {
    const tickets = await Promise.all([1, 2, 3].map(() => insertTicket("resolved", 9)));
    expect(await autoCloseResolvedTickets({ batchSize: 2 })).toBeGreaterThanOrEqual(3);
    for (const id of tickets) expect(await statusOf(id)).toBe("closed");
  });
});
