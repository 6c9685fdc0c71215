/**
 * Which ticket action sends which webhook, with which fields (issue 5, docs/webhooks.md):
 * every action goes through the real ticket service, the worker delivers to a real HTTP
 * receiver on loopback, and the test compares what the receiver got with the outbox rows
 * (read as service_role). Internal notes stay out unless MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { closeTicket } from "@/features/tickets/service/close-ticket";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import {
  createAdmin,
  createAppointment,
  createOrder,
  createStudent,
  createTicket,
  sessionUserOf,
  type TUserRow,
} from "../factories";
import { asServiceRole, rowsOf } from "../support/db";
import {
  cleanUpWebhookTest,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  storedAttemptsOf,
  storedWebhookEventsOf,
  type TReceivedRequest,
  type TReceiver,
  type TStoredWebhookEvent,
  testWebhookConfig,
  waitFor,
} from "../support/webhooks";

let student: TUserRow;
let admin: TUserRow;
let assignee: TUserRow;
let asStudent: TSessionUser;
let asAdmin: TSessionUser;
let receiver: TReceiver;

beforeAll(async () => {
  [student, admin, assignee] = await Promise.all([createStudent(), createAdmin(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asAdmin = sessionUserOf(admin);
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
  setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url });
});

afterEach(cleanUpWebhookTest);

const ISO_TIMESTAMP = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

/** What the receiver got about one ticket, in arrival order. */
function requestsAbout(ticketId: string): TReceivedRequest[] {
  return receiver.requests.filter((request) => request.body.data.ticket_id === ticketId);
}

/** Waits until every event of the ticket is delivered, and returns them in the order they were written. */
async function deliveredEventsOf(ticketId: string, count: number): Promise<TStoredWebhookEvent[]> {
  return waitFor(
    async () => {
      const events = await storedWebhookEventsOf(ticketId);
      return events.length === count && events.every((event) => event.state === "delivered") ? events : undefined;
    },
    { message: `${count} delivered events for ticket ${ticketId}` },
  );
}

describe("ticket actions → webhook events", () => {
  it("sends each action's event once, with its documented fields, in the order of the actions", async () => {
    const appointment = await createAppointment({ studentId: student.id });
    const order = await createOrder({ userId: student.id });
    await startTestWorker({ config: testWebhookConfig(receiver.url) });

    const subject = "Ma séance de chimie n'apparaît pas";
    const created = await createSupportTicket(asStudent, {
      subject,
      description: "Je ne vois plus ma séance de jeudi dans mon horaire.",
      category: "reservations",
      appointmentId: appointment.id,
      orderId: order.id,
    });
    const ticketId = created.id;
    await updateTicketStatus(asAdmin, { ticketId, status: "in_progress" });
    await updateTicketPriority(asAdmin, { ticketId, priority: "high" });
    await updateTicketPriority(asAdmin, { ticketId, priority: "high" }); // no change: no event
    await assignTicket(asAdmin, { ticketId, assigneeId: assignee.id });
    const adminReply = await addTicketMessage(asAdmin, { ticketId, message: "Bonjour, nous vérifions votre horaire." });
    await updateTicketStatus(asAdmin, { ticketId, status: "resolved", reason: "Séance rétablie" });
    const studentReply = await addTicketMessage(asStudent, { ticketId, message: "Elle a encore disparu !" });
    await closeTicket(asStudent, ticketId);

    const events = await deliveredEventsOf(ticketId, 9);
    const [stored] = rowsOf(
      await asServiceRole<{ created_at: Date }>("select created_at from public.support_tickets where id = $1", [
        ticketId,
      ]),
    );
    const ticket = { ticket_id: ticketId, ticket_number: created.number };
    const ofStudent = { user_id: student.id, user_email: student.email };
    const byAdmin = { changed_by: admin.id, changed_by_role: "admin", timestamp: ISO_TIMESTAMP };
    const byStudent = { changed_by: student.id, changed_by_role: "student", timestamp: ISO_TIMESTAMP };
    const expected: { type: string; data: Record<string, unknown> }[] = [
      {
        type: "ticket.created",
        data: {
          ...ticket,
          ...ofStudent,
          subject,
          category: "reservations",
          priority: "medium",
          status: "open",
          appointment_id: appointment.id,
          order_id: order.id,
          created_at: stored?.created_at.toISOString(),
        },
      },
      {
        type: "ticket.status_changed",
        data: { ...ticket, ...ofStudent, old_status: "open", new_status: "in_progress", reason: null, ...byAdmin },
      },
      {
        type: "ticket.priority_changed",
        data: { ...ticket, ...ofStudent, old_priority: "medium", new_priority: "high", ...byAdmin },
      },
      {
        type: "ticket.assigned",
        data: { ...ticket, ...ofStudent, old_assignee_id: null, new_assignee_id: assignee.id, ...byAdmin },
      },
      {
        type: "ticket.message_added",
        data: {
          ...ticket,
          message_id: adminReply.messageId,
          user_id: admin.id,
          user_email: admin.email,
          sender_role: "admin",
          student_id: student.id,
          student_email: student.email,
          message: "Bonjour, nous vérifions votre horaire.",
          is_internal: false,
          attachment_count: 0,
          timestamp: ISO_TIMESTAMP,
        },
      },
      {
        type: "ticket.status_changed",
        data: {
          ...ticket,
          ...ofStudent,
          old_status: "in_progress",
          new_status: "resolved",
          reason: "Séance rétablie",
          ...byAdmin,
        },
      },
      {
        type: "ticket.message_added",
        data: {
          ...ticket,
          message_id: studentReply.messageId,
          user_id: student.id,
          user_email: student.email,
          sender_role: "student",
          student_id: student.id,
          student_email: student.email,
          message: "Elle a encore disparu !",
          is_internal: false,
          attachment_count: 0,
          timestamp: ISO_TIMESTAMP,
        },
      },
      {
        // A student's reply reopens a resolved ticket.
        type: "ticket.status_changed",
        data: { ...ticket, ...ofStudent, old_status: "resolved", new_status: "open", reason: null, ...byStudent },
      },
      {
        type: "ticket.status_changed",
        data: { ...ticket, ...ofStudent, old_status: "open", new_status: "closed", reason: null, ...byStudent },
      },
    ];

    // The outbox holds one event per action, in order, each delivered at its first attempt.
    expect(events.map(({ type, payload }) => ({ type, data: payload.data }))).toEqual(expected);
    for (const event of events) {
      expect(event.attempts).toBe(1);
      expect((await storedAttemptsOf(event.id)).map((attempt) => attempt.status_code)).toEqual([200]);
    }

    // The receiver got exactly those events, once each, in that order, as { event_id, type, timestamp, data }.
    const received = requestsAbout(ticketId);
    expect(received.map((request) => request.body.event_id)).toEqual(events.map((event) => event.id));
    for (const [index, request] of received.entries()) {
      const event = events[index] as TStoredWebhookEvent;
      expect(request.method).toBe("POST");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(Object.keys(request.body).sort()).toEqual(["data", "event_id", "timestamp", "type"]);
      expect(request.body).toEqual({
        event_id: event.id,
        type: event.type,
        timestamp: ISO_TIMESTAMP,
        data: event.payload.data,
      });
      expect(request.body).toEqual(event.payload);
    }
  });

  it("records nothing for an event type switched off by MAKE_TICKET_WEBHOOK_EVENTS", async () => {
    setWebhookEnv({
      MAKE_TICKET_WEBHOOK_URL: receiver.url,
      MAKE_TICKET_WEBHOOK_EVENTS: "ticket.created, ticket.assigned",
    });
    await startTestWorker({ config: testWebhookConfig(receiver.url) });

    const { id: ticketId } = await createSupportTicket(asStudent, {
      subject: "Question sur mon forfait",
      description: "Combien de séances me reste-t-il dans mon forfait ?",
      category: "paiement",
    });
    await updateTicketStatus(asAdmin, { ticketId, status: "in_progress" });
    await updateTicketPriority(asAdmin, { ticketId, priority: "urgent" });
    await addTicketMessage(asAdmin, { ticketId, message: "Il vous en reste trois." });
    await assignTicket(asAdmin, { ticketId, assigneeId: assignee.id });

    const events = await deliveredEventsOf(ticketId, 2);
    expect(events.map((event) => event.type)).toEqual(["ticket.created", "ticket.assigned"]);
    expect(requestsAbout(ticketId).map((request) => request.body.type)).toEqual(["ticket.created", "ticket.assigned"]);
  });
});

describe("internal notes", () => {
  it("are not sent by default: no event is even recorded", async () => {
    await startTestWorker({ config: testWebhookConfig(receiver.url) });
    const ticket = await createTicket({ userId: student.id, status: "in_progress" });

    await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Note interne : carte refusée deux fois.",
      isInternal: true,
    });
    const reply = await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Pouvez-vous réessayer ?" });

    const events = await deliveredEventsOf(ticket.id, 1);
    expect(events[0]?.payload.data).toMatchObject({ message_id: reply.messageId, is_internal: false });
    const received = requestsAbout(ticket.id);
    expect(received.map((request) => request.body.data.message_id)).toEqual([reply.messageId]);
    expect(receiver.requests.some((request) => request.rawBody.includes("carte refusée"))).toBe(false);
  });

  it("are sent, marked is_internal, with MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL=true", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url, MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL: "true" });
    await startTestWorker({ config: testWebhookConfig(receiver.url, { includeInternal: true }) });
    const ticket = await createTicket({ userId: student.id, status: "in_progress" });

    const note = await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Note interne : rembourser la séance.",
      isInternal: true,
    });

    const [event] = await deliveredEventsOf(ticket.id, 1);
    const [request] = requestsAbout(ticket.id);
    expect(request?.body.event_id).toBe(event?.id);
    expect(request?.body.data).toMatchObject({
      message_id: note.messageId,
      user_id: admin.id,
      sender_role: "admin",
      message: "Note interne : rembourser la séance.",
      is_internal: true,
    });
  });
});
