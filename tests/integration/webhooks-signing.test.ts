/**
 * Authentication of the requests (issue 5): `x-make-apikey` when MAKE_WEBHOOK_API_KEY is set,
 * and Standard Webhooks signatures (webhook-id / webhook-timestamp / webhook-signature) when
 * MAKE_WEBHOOK_SIGNING_SECRET is set, checked with the library's own verifier. The worker
 * here reads its configuration from the environment, as `npm run worker` does.
 */
import { randomBytes } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import type { TSessionUser } from "@/server/auth/session";
import { createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import {
  cleanUpWebhookTest,
  publishTestEvent,
  repliesPerEvent,
  retirePendingEvents,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  storedWebhookEventsOf,
  type TReceivedRequest,
  type TReceiver,
  waitForEventState,
} from "../support/webhooks";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const API_KEY = `make-${randomBytes(8).toString("hex")}`;

let student: TUserRow;
let asStudent: TSessionUser;
let receiver: TReceiver;

beforeAll(async () => {
  student = await createStudent();
  asStudent = sessionUserOf(student);
});

beforeEach(async () => {
  await retirePendingEvents();
  receiver = await startReceiver();
});

afterEach(cleanUpWebhookTest);

function signatureHeaders(request: TReceivedRequest): Record<string, string> {
  return {
    "webhook-id": String(request.headers["webhook-id"]),
    "webhook-timestamp": String(request.headers["webhook-timestamp"]),
    "webhook-signature": String(request.headers["webhook-signature"]),
  };
}

describe("with an API key and a signing secret", () => {
  beforeEach(async () => {
    setWebhookEnv({
      MAKE_TICKET_WEBHOOK_URL: receiver.url,
      MAKE_WEBHOOK_API_KEY: API_KEY,
      MAKE_WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_TIMEOUT_MS: "2000",
    });
    await startTestWorker();
  });

  it("sends x-make-apikey and a signature that the standardwebhooks verifier accepts", async () => {
    const { id: ticketId } = await createSupportTicket(asStudent, {
      subject: "Reçu pour mes impôts",
      description: "Pouvez-vous m'envoyer un reçu pour l'année dernière ?",
      category: "paiement",
    });
    const [event] = await storedWebhookEventsOf(ticketId);
    await waitForEventState(event?.id ?? "", "delivered");

    const [request] = receiver.requestsFor(event?.id ?? "");
    if (!request) throw new Error("nothing received");
    expect(request.headers["x-make-apikey"]).toBe(API_KEY);
    expect(request.headers["webhook-id"]).toBe(event?.id);
    expect(Math.abs(Number(request.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    expect(new Webhook(SECRET).verify(request.rawBody, signatureHeaders(request))).toEqual(event?.payload);
  });

  it("signs in a way that a tampered body, id or timestamp, or another secret, fails to verify", async () => {
    const eventId = await publishTestEvent((await createTicket({ userId: student.id })).id, { message: "original" });
    await waitForEventState(eventId, "delivered");
    const [request] = receiver.requestsFor(eventId);
    if (!request) throw new Error("nothing received");
    const headers = signatureHeaders(request);
    const verifier = new Webhook(SECRET);

    expect(() => verifier.verify(request.rawBody, headers)).not.toThrow();
    expect(() => verifier.verify(request.rawBody.replace("original", "modifié"), headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => verifier.verify(request.rawBody, { ...headers, "webhook-id": crypto.randomUUID() })).toThrow(
      WebhookVerificationError,
    );
    expect(() =>
      verifier.verify(request.rawBody, {
        ...headers,
        "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1),
      }),
    ).toThrow(WebhookVerificationError);
    const otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
    expect(() => new Webhook(otherSecret).verify(request.rawBody, headers)).toThrow(WebhookVerificationError);
  });

  it("signs every retry afresh, under the same webhook-id", async () => {
    receiver.setScript(repliesPerEvent({ status: 500 }));
    const eventId = await publishTestEvent((await createTicket({ userId: student.id })).id);
    await waitForEventState(eventId, "delivered");

    const requests = receiver.requestsFor(eventId);
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.headers["webhook-id"]).toBe(eventId);
      expect(() => new Webhook(SECRET).verify(request.rawBody, signatureHeaders(request))).not.toThrow();
    }
  });
});

describe("without an API key or a signing secret", () => {
  it("sends neither x-make-apikey nor signature headers", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: receiver.url, MAKE_WEBHOOK_API_KEY: "", MAKE_WEBHOOK_SIGNING_SECRET: "" });
    await startTestWorker();
    const eventId = await publishTestEvent((await createTicket({ userId: student.id })).id);
    await waitForEventState(eventId, "delivered");

    const [request] = receiver.requestsFor(eventId);
    expect(request?.headers).not.toHaveProperty("x-make-apikey");
    expect(request?.headers).not.toHaveProperty("webhook-id");
    expect(request?.headers).not.toHaveProperty("webhook-signature");
  });
});
