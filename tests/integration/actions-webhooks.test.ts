/**
 * The delivery log's server actions, called as the browser calls them (see actions-tickets).
 * Every event this file makes is a webhook.test event sent without an endpoint (skipped, no
 * delivery job); each is deleted afterwards with any job a retry gave it.
 */

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  enableWebhookEndpointAction,
  listWebhookDeliveriesAction,
  retryAllFailedWebhooksAction,
  retryWebhookDeliveryAction,
  sendTestWebhookEventAction,
} from "@/features/webhooks/actions/webhook-actions";
import { endpointHash } from "@/features/webhooks/config";
import type { TUserRole, TWebhookState } from "@/server/db/schema";
import { createAdmin, createStudent, createTutor, type TUserRow } from "../factories";
import {
  dataOf,
  expectServerError,
  expectValidationError,
  signInAs,
  signOut,
  type TAnyActionResult,
  useLocale,
} from "../support/actions";
import { asServiceRole, rowsOf, testPool } from "../support/db";
import { restoreWebhookEnv, setWebhookEnv } from "../support/webhooks";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

const ENDPOINT_URL = "https://hook.eu2.make.com/actions-test-endpoint-0123456789";

let users: Record<TUserRole, TUserRow>;
const created = new Set<string>();

beforeAll(async () => {
  setWebhookEnv({});
  const [student, tutor, admin] = await Promise.all([createStudent(), createTutor(), createAdmin()]);
  users = { student, tutor, admin };
});

afterEach(async () => {
  signOut();
  useLocale("fr-CA");
  setWebhookEnv({});
  const ids = [...created];
  created.clear();
  if (ids.length === 0) return;
  // graphile-worker's schema is not granted to the app's roles: its jobs are removed as superuser.
  await testPool().query("select graphile_worker.remove_job('webhooks:system')");
  rowsOf(await asServiceRole("delete from public.webhook_events where id = any($1::uuid[])", [ids], { commit: true }));
});

afterAll(async () => {
  rowsOf(
    await asServiceRole("delete from public.webhook_endpoints where url_hash = $1", [endpointHash(ENDPOINT_URL)], {
      commit: true,
    }),
  );
  restoreWebhookEnv();
});

async function sendTestEventAsAdmin(): Promise<string> {
  await signInAs(users.admin);
  const sent = dataOf(await sendTestWebhookEventAction());
  if (!sent) throw new Error("no event sent");
  created.add(sent.eventId);
  return sent.eventId;
}

async function storedState(eventId: string): Promise<TWebhookState | undefined> {
  const rows = rowsOf(
    await asServiceRole<{ state: TWebhookState }>(
      "select state::text as state from public.webhook_events where id = $1",
      [eventId],
    ),
  );
  return rows[0]?.state;
}

function itRefusesNonAdminsAndGuests(call: () => Promise<TAnyActionResult>): void {
  it.each(["student", "tutor"] as const)("refuses a signed-in %s with FORBIDDEN", async (role) => {
    await signInAs(users[role]);
    expectServerError(await call(), "FORBIDDEN");
  });
  it("refuses a request without a session with UNAUTHENTICATED", async () => {
    signOut();
    expectServerError(await call(), "UNAUTHENTICATED");
  });
}

describe("sendTestWebhookEventAction", () => {
  itRefusesNonAdminsAndGuests(() => sendTestWebhookEventAction());

  it("records a webhook.test event for an admin; without an endpoint it is skipped", async () => {
    const eventId = await sendTestEventAsAdmin();
    expect(await storedState(eventId)).toBe("skipped");
  });

  it("refuses an argument (it takes none) with VALIDATION on the form as a whole", async () => {
    await signInAs(users.admin);
    expectValidationError(await sendTestWebhookEventAction({ force: true } as never), { _form: null });
  });
});

describe("listWebhookDeliveriesAction", () => {
  itRefusesNonAdminsAndGuests(() => listWebhookDeliveriesAction({}));

  it("gives an admin the log, newest first", async () => {
    const eventId = await sendTestEventAsAdmin();
    const page = dataOf(await listWebhookDeliveriesAction({ type: "webhook.test" }));
    expect(page?.items[0]).toMatchObject({ id: eventId, state: "skipped" });
  });

  it("refuses an unknown state with VALIDATION (fr-CA and en)", async () => {
    await signInAs(users.admin);
    expectValidationError(await listWebhookDeliveriesAction({ state: "lost" as never }), { state: null });
    useLocale("en");
    expect((await listWebhookDeliveriesAction({ state: "lost" as never })).validationErrors).toEqual({
      code: "VALIDATION",
      message: "Some information is invalid. Please check the form.",
      fieldErrors: { state: "Some information is invalid. Please check the form." },
    });
  });
});

describe("retryWebhookDeliveryAction", () => {
  itRefusesNonAdminsAndGuests(() => retryWebhookDeliveryAction({ eventId: randomUUID() }));

  it("lets an admin put a skipped event back in the queue once an endpoint exists", async () => {
    const eventId = await sendTestEventAsAdmin();
    // Without an endpoint a retry would only be skipped again: it is refused (issue 17).
    expect(dataOf(await retryWebhookDeliveryAction({ eventId }))).toMatchObject({ retried: false });
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: ENDPOINT_URL });
    expect(dataOf(await retryWebhookDeliveryAction({ eventId }))).toMatchObject({ retried: true });
    expect(await storedState(eventId)).toBe("pending");
  });

  it("refuses a malformed id with VALIDATION invalidId", async () => {
    await signInAs(users.admin);
    expectValidationError(await retryWebhookDeliveryAction({ eventId: "pas-un-uuid" }), { eventId: "invalidId" });
  });

  it("gives NOT_FOUND for an unknown event, translated", async () => {
    await signInAs(users.admin);
    expectServerError(await retryWebhookDeliveryAction({ eventId: randomUUID() }), "NOT_FOUND");
  });
});

describe("retryAllFailedWebhooksAction", () => {
  itRefusesNonAdminsAndGuests(() => retryAllFailedWebhooksAction());

  it("lets an admin re-queue every failed and skipped event", async () => {
    type TSnapshot = {
      id: string;
      state: TWebhookState;
      state_reason: string | null;
      attempts: number;
      first_attempt_at: Date | null;
      next_attempt_at: Date;
      ordering_key: string;
    };
    const eventId = await sendTestEventAsAdmin();
    // Other files' failed events get retried too: note them to put them back afterwards.
    const foreign = rowsOf(
      await asServiceRole<TSnapshot>(
        `select id, state::text as state, state_reason, attempts, first_attempt_at, next_attempt_at, ordering_key
           from public.webhook_events where state in ('failed', 'skipped') and id <> $1`,
        [eventId],
      ),
    );
    try {
      // Without an endpoint nothing is re-queued (it would only be skipped again: issue 17).
      expect(dataOf(await retryAllFailedWebhooksAction())).toEqual({ retried: 0 });
      setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: ENDPOINT_URL });
      expect(dataOf(await retryAllFailedWebhooksAction())).toEqual({ retried: foreign.length + 1 });
      expect(await storedState(eventId)).toBe("pending");
    } finally {
      if (foreign.length > 0) {
        rowsOf(
          await asServiceRole(
            `update public.webhook_events e
                set state = s.state, state_reason = s.state_reason, attempts = s.attempts,
                    first_attempt_at = s.first_attempt_at, next_attempt_at = s.next_attempt_at
               from jsonb_to_recordset($1::jsonb) as s(id uuid, state public.webhook_state, state_reason text,
                    attempts int, first_attempt_at timestamptz, next_attempt_at timestamptz)
              where e.id = s.id`,
            [JSON.stringify(foreign)],
            { commit: true },
          ),
        );
        await testPool().query("select graphile_worker.remove_job('webhooks:' || k) from unnest($1::text[]) k", [
          [...new Set(foreign.map((row) => row.ordering_key))],
        ]);
      }
    }
  });
});

describe("enableWebhookEndpointAction", () => {
  itRefusesNonAdminsAndGuests(() => enableWebhookEndpointAction());

  it("lets an admin enable the configured endpoint that a 410 disabled", async () => {
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: ENDPOINT_URL });
    rowsOf(
      await asServiceRole(
        `insert into public.webhook_endpoints (url_hash, display_url, disabled_at, disabled_reason)
         values ($1, 'x', now(), 'gone')`,
        [endpointHash(ENDPOINT_URL)],
        { commit: true },
      ),
    );
    await signInAs(users.admin);
    expect(dataOf(await enableWebhookEndpointAction())).toEqual({ enabled: true });
    expect(
      rowsOf(
        await asServiceRole("select disabled_at from public.webhook_endpoints where url_hash = $1", [
          endpointHash(ENDPOINT_URL),
        ]),
      ),
    ).toEqual([{ disabled_at: null }]);
  });

  it("gives NOT_FOUND when no endpoint is configured, translated", async () => {
    await signInAs(users.admin);
    useLocale("en");
    expect(await enableWebhookEndpointAction()).toEqual({
      serverError: { code: "NOT_FOUND", message: "This item could not be found." },
    });
  });
});
