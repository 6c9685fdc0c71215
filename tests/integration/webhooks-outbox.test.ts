/**
 * The transactional outbox (issue 5): an event and its delivery job are written in the
 * transaction of the change, so a rolled-back change records and sends nothing; without an
 * endpoint, events are recorded as "not sent: no endpoint" and no job is queued.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import { publishWebhookEvent } from "@/features/webhooks/publish";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { asServiceRole, rowsOf, sqlState, testPool } from "../support/db";
import {
  cleanUpWebhookTest,
  deliveryJobsOf,
  publishTestEvent,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  storedAttemptsOf,
  storedWebhookEventsOf,
  type TReceiver,
  testWebhookConfig,
  waitForEventState,
} from "../support/webhooks";

const FAULT_MARKER = "[échec-après-webhook]";
const FAULT_SQLSTATE = "TZ998";

let student: TUserRow;
let admin: TUserRow;
let asStudent: TSessionUser;
let asAdmin: TSessionUser;
let receiver: TReceiver;

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asAdmin = sessionUserOf(admin);
  // Makes a transaction fail at COMMIT, after everything in it (its webhook event included) was
  // written, when the event is about a ticket whose subject carries the marker.
  await testPool().query(`
    create or replace function public.test_webhooks_fail_at_commit() returns trigger
    language plpgsql security definer set search_path = '' as $$
    begin
      if exists (select 1 from public.support_tickets t
                  where t.id = new.ticket_id and position('${FAULT_MARKER}' in t.subject) > 0) then
        raise exception 'injected failure at commit, after the webhook event was written' using errcode = '${FAULT_SQLSTATE}';
      end if;
      return null;
    end
    $$`);
  await testPool().query("drop trigger if exists test_webhooks_fail_at_commit on public.webhook_events");
  await testPool().query(`create constraint trigger test_webhooks_fail_at_commit after insert on public.webhook_events
    deferrable initially deferred for each row execute function public.test_webhooks_fail_at_commit()`);
});

afterAll(async () => {
  await testPool().query("drop trigger if exists test_webhooks_fail_at_commit on public.webhook_events");
  await testPool().query("drop function if exists public.test_webhooks_fail_at_commit()");
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
  setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url });
});

afterEach(cleanUpWebhookTest);

describe("the outbox is written with the change", () => {
  it("commits the event and its delivery job together with the ticket change", async () => {
    const { id: ticketId } = await createSupportTicket(asStudent, {
      subject: "Lien de visioconférence expiré",
      description: "Le lien de ma séance de ce soir ne fonctionne plus.",
      category: "soutien-technique",
    });

    const [event] = await storedWebhookEventsOf(ticketId);
    expect(event).toMatchObject({
      type: "ticket.created",
      state: "pending",
      attempts: 0,
      ordering_key: `ticket:${ticketId}`,
    });
    expect(await deliveryJobsOf(ticketId)).toBe(1);
  });

  it("records and sends nothing when a ticket change fails at commit, after writing its event", async () => {
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const subject = `Facture en double ${FAULT_MARKER}`;
    const failureOf = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );

    // A new ticket, and a reply on an existing one, both fail at commit…
    const creation = await failureOf(
      createSupportTicket(asStudent, {
        subject,
        description: "J'ai été facturé deux fois pour la même séance.",
        category: "paiement",
      }),
    );
    const existing = await createTicket({ userId: student.id, subject });
    const reply = await failureOf(
      addTicketMessage(asStudent, { ticketId: existing.id, message: "Voici mon relevé bancaire." }),
    );
    expect([sqlState(creation), sqlState(reply)]).toEqual([FAULT_SQLSTATE, FAULT_SQLSTATE]);

    // …and the rollback took the ticket, the message, their events and their jobs with it.
    const left = rowsOf(
      await asServiceRole<{ tickets: number; messages: number; events: number }>(
        `select (select count(*) from public.support_tickets where subject = $1 and id <> $2)::int as tickets,
                (select count(*) from public.ticket_messages where ticket_id = $2)::int as messages,
                (select count(*) from public.webhook_events
                  where payload -> 'data' ->> 'subject' = $1 or ticket_id = $2)::int as events`,
        [subject, existing.id],
      ),
    );
    expect(left).toEqual([{ tickets: 0, messages: 0, events: 0 }]);
    expect(await deliveryJobsOf(existing.id)).toBe(0);

    // The worker is running: a later ticket of the same student goes out, the rolled-back ones never do.
    const { id: laterId } = await createSupportTicket(asStudent, {
      subject: "Facture en double (bis)",
      description: "J'ai été facturé deux fois pour la même séance.",
      category: "paiement",
    });
    const [later] = await storedWebhookEventsOf(laterId);
    await waitForEventState(later?.id ?? "", "delivered");
    expect(receiver.requests.map((request) => request.body.event_id)).toEqual([later?.id]);
  });

  it("records and sends nothing when the transaction that published the event rolls back", async () => {
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const ticket = await createTicket({ userId: student.id });
    let publishedId: string | null = null;

    await expect(
      withUser(admin.id, async (tx) => {
        publishedId = await publishWebhookEvent(tx, "ticket.status_changed", ticket.id, { ticket_id: ticket.id });
        throw new Error("the change failed after publishing");
      }),
    ).rejects.toThrow("the change failed after publishing");

    expect(publishedId).toEqual(expect.any(String)); // it was written, inside the transaction
    expect(await storedWebhookEventsOf(ticket.id)).toEqual([]);
    expect(await deliveryJobsOf(ticket.id)).toBe(0);

    const sentinel = await publishTestEvent(ticket.id, { ticket_id: ticket.id, sentinel: true });
    await waitForEventState(sentinel, "delivered");
    expect(receiver.requests.map((request) => request.body.event_id)).toEqual([sentinel]);
  });
});

describe("without an endpoint", () => {
  it("records every event as skipped (no_endpoint) and queues no job", async () => {
    setWebhookEnv({});
    const { id: ticketId } = await createSupportTicket(asStudent, {
      subject: "Changer de tuteur",
      description: "J'aimerais changer de tuteur pour mes cours de français.",
      category: "changement-cours-tuteur",
    });
    await updateTicketStatus(asAdmin, { ticketId, status: "in_progress" });

    const events = await storedWebhookEventsOf(ticketId);
    expect(events.map(({ type, state, state_reason, attempts }) => ({ type, state, state_reason, attempts }))).toEqual([
      { type: "ticket.created", state: "skipped", state_reason: "no_endpoint", attempts: 0 },
      { type: "ticket.status_changed", state: "skipped", state_reason: "no_endpoint", attempts: 0 },
    ]);
    expect(await deliveryJobsOf(ticketId)).toBe(0);
  });

  it("skips (no_endpoint) a pending event when the worker has no endpoint", async () => {
    const ticket = await createTicket({ userId: student.id });
    const eventId = await publishTestEvent(ticket.id);
    await startTestWorker({ config: testWebhookConfig(null) });

    const event = await waitForEventState(eventId, "skipped");
    expect(event).toMatchObject({ state_reason: "no_endpoint", attempts: 0 });
    expect(await storedAttemptsOf(eventId)).toEqual([]);
    expect(receiver.requests).toEqual([]);
  });

  it("falls back to MAKE_BOOKING_WEBHOOK_URL when MAKE_TICKET_WEBHOOK_URL is unset (plan 6.1)", async () => {
    setWebhookEnv({ MAKE_BOOKING_WEBHOOK_URL: receiver.url });
    await startTestWorker(); // configured from the environment, like `npm run worker`
    const { id: ticketId } = await createSupportTicket(asStudent, {
      subject: "Annuler ma réservation",
      description: "Je dois annuler ma séance de samedi matin.",
      category: "reservations",
    });

    const [event] = await storedWebhookEventsOf(ticketId);
    await waitForEventState(event?.id ?? "", "delivered");
    expect(receiver.requests.map((request) => request.body.event_id)).toEqual([event?.id]);
  });
});
