/**
 * Issue 17, settings in the app: the Make.com endpoint stored in app_settings with its secrets
 * encrypted (AES-256-GCM), environment variables that lock a field, admins only, a worker that
 * reads the row at each job (a URL saved on the page is used at once), the log's retry that
 * refuses while no endpoint exists and really sends once one does, and the support contact.
 */

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { updateGeneralSettingsAction } from "@/features/settings/actions/settings-actions";
import { getPublicSettings } from "@/features/settings/service/get-public-settings";
import {
  retryWebhookDeliveryAction,
  sendTestWebhookEventAction,
  updateWebhookSettingsAction,
} from "@/features/webhooks/actions/webhook-actions";
import { loadWebhookConfig } from "@/features/webhooks/config";
import { type TWebhookEventType, WEBHOOK_EVENT_TYPES } from "@/features/webhooks/event-types";
import type { TUpdateWebhookSettingsInput } from "@/features/webhooks/schemas";
import { getWebhookSettings } from "@/features/webhooks/service/get-webhook-settings";
import { withServiceRole } from "@/server/db/with-user";
import { openSecret, sealSecret } from "@/server/security/secret-box";
import { createAdmin, createStudent, createTutor, sessionUserOf, type TUserRow } from "../factories";
import { dataOf, expectServerError, expectValidationError, signInAs, signOut, useLocale } from "../support/actions";
import { asAnon, asServiceRole, asUser, rowsOf, testPool } from "../support/db";
import {
  restoreWebhookEnv,
  setWebhookEnv,
  startReceiver,
  startTestWorker,
  stopTestWorker,
  type TReceiver,
  type TTestWorker,
  waitForEventState,
} from "../support/webhooks";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

const API_KEY = "make-api-key-0123456789-abcdef";
const SIGNING_SECRET = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;

let admin: TUserRow;
let student: TUserRow;
let tutor: TUserRow;
let receiver: TReceiver;
let worker: TTestWorker | null = null;
const createdEvents = new Set<string>();

async function resetSettings() {
  rowsOf(
    await asServiceRole(
      `update public.app_settings set webhook_url_cipher = null, webhook_url_hint = null, webhook_api_key_cipher = null,
         webhook_signing_secret_cipher = null, webhook_event_types = null, webhook_include_internal = false,
         support_email = null, support_phone = null, support_hours = null, auto_close_days = 7`,
      [],
      { commit: true },
    ),
  );
}

async function storedRow() {
  const [row] = rowsOf(await asServiceRole("select * from public.app_settings"));
  if (!row) throw new Error("no app_settings row");
  return row;
}

const validInput = (overrides: Partial<TUpdateWebhookSettingsInput> = {}): TUpdateWebhookSettingsInput => ({
  endpointUrl: "",
  apiKey: "",
  signingSecret: "",
  clear: [],
  eventTypes: [...WEBHOOK_EVENT_TYPES] as TWebhookEventType[],
  includeInternal: false,
  ...overrides,
});

beforeAll(async () => {
  setWebhookEnv({});
  [admin, student, tutor] = await Promise.all([createAdmin(), createStudent(), createTutor()]);
  receiver = await startReceiver();
});

afterEach(async () => {
  signOut();
  useLocale("fr-CA");
  setWebhookEnv({});
  if (worker) await stopTestWorker(worker);
  worker = null;
  await resetSettings();
  const ids = [...createdEvents];
  createdEvents.clear();
  if (ids.length > 0) {
    await testPool().query("select graphile_worker.remove_job('webhooks:system')");
    rowsOf(
      await asServiceRole("delete from public.webhook_attempts where event_id = any($1::uuid[])", [ids], {
        commit: true,
      }),
    );
    rowsOf(
      await asServiceRole("delete from public.webhook_events where id = any($1::uuid[])", [ids], { commit: true }),
    );
  }
});

afterAll(async () => {
  await receiver.close();
  restoreWebhookEnv();
});

describe("the secret box", () => {
  it("round-trips, uses a fresh IV each time, and refuses a value sealed for another purpose or altered", async () => {
    const a = await sealSecret("https://hook.example/abc", "webhook_url");
    const b = await sealSecret("https://hook.example/abc", "webhook_url");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hook.example");
    expect(await openSecret(a, "webhook_url")).toBe("https://hook.example/abc");
    await expect(openSecret(a, "webhook_api_key")).rejects.toThrow(/could not be decrypted/);
    const parts = a.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    await expect(
      openSecret([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), "webhook_url"),
    ).rejects.toThrow();
  });
});

describe("webhook settings saved on the page", () => {
  it("are stored encrypted, shown back only as hints, and used by the worker at its next job", async () => {
    const url = `${receiver.url}/settings-page-hook-0123456789`;
    await signInAs(admin);
    dataOf(
      await updateWebhookSettingsAction(
        validInput({ endpointUrl: url, apiKey: API_KEY, signingSecret: SIGNING_SECRET }),
      ),
    );

    // At rest: no secret in clear anywhere in the row.
    const row = await storedRow();
    const rowText = JSON.stringify(row);
    expect(row.webhook_url_cipher).toMatch(/^v1\./);
    for (const secret of [url, API_KEY, SIGNING_SECRET, "settings-page-hook"]) expect(rowText).not.toContain(secret);

    // Shown back: set, with a hint, never the value.
    const shown = await getWebhookSettings(sessionUserOf(admin));
    expect(shown.endpointUrl).toMatchObject({ locked: false, set: true, unreadable: false });
    expect(shown.endpointUrl.hint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…6789$/);
    expect(shown.apiKey.hint).toBe("…cdef");
    expect(JSON.stringify(shown)).not.toContain(API_KEY);
    expect(JSON.stringify(shown)).not.toContain(url);

    // The worker (service_role) opens them.
    const config = await withServiceRole((tx) => loadWebhookConfig(tx));
    expect(config).toMatchObject({ endpointUrl: url, apiKey: API_KEY, signingSecret: SIGNING_SECRET });

    // A test event from the page goes out through the outbox, with the stored key and signature.
    worker = await startTestWorker();
    const sent = dataOf(await sendTestWebhookEventAction());
    createdEvents.add(sent.eventId);
    expect(sent.state).toBe("pending");
    await waitForEventState(sent.eventId, "delivered");
    const request = receiver.requests.find((r) => r.body.event_id === sent.eventId);
    expect(request?.headers["x-make-apikey"]).toBe(API_KEY);
    expect(request?.headers["webhook-signature"]).toMatch(/^v1,/);
  });

  it("keep a stored secret when its field is left empty, and remove it when asked", async () => {
    await signInAs(admin);
    dataOf(await updateWebhookSettingsAction(validInput({ endpointUrl: "https://hook.eu2.make.com/keep-me-abcd" })));
    const before = (await storedRow()).webhook_url_cipher;
    dataOf(await updateWebhookSettingsAction(validInput({ includeInternal: true })));
    const kept = await storedRow();
    expect(kept.webhook_url_cipher).toBe(before);
    expect(kept.webhook_include_internal).toBe(true);
    dataOf(await updateWebhookSettingsAction(validInput({ clear: ["endpointUrl"] })));
    expect((await storedRow()).webhook_url_cipher).toBeNull();
  });

  it("refuse an address that is not http(s), a malformed secret and no event type, in the user's language", async () => {
    await signInAs(admin);
    expectValidationError(await updateWebhookSettingsAction(validInput({ endpointUrl: "javascript:alert(1)" })), {
      endpointUrl: "webhookUrlInvalid",
    });
    useLocale("en");
    expectValidationError(await updateWebhookSettingsAction(validInput({ signingSecret: "not-a-secret" })), {
      signingSecret: "webhookSecretInvalid",
    });
    expectValidationError(await updateWebhookSettingsAction(validInput({ eventTypes: [] })), {
      eventTypes: "webhookTypesRequired",
    });
    expect((await storedRow()).webhook_url_cipher).toBeNull();
  });

  it("switch off an event type and internal notes for every process at once", async () => {
    await signInAs(admin);
    dataOf(await updateWebhookSettingsAction(validInput({ eventTypes: ["ticket.created"] })));
    const settings = await withServiceRole((tx) => loadWebhookConfig(tx));
    expect(settings.enabledTypes.has("ticket.created")).toBe(true);
    expect(settings.enabledTypes.has("ticket.message_added")).toBe(false);
    expect((await storedRow()).webhook_event_types).toEqual(["ticket.created"]);
  });
});

describe("environment variables", () => {
  it("lock the fields they set: the page shows them read-only and a save does not change them", async () => {
    const envUrl = "https://hook.eu2.make.com/from-the-environment-wxyz";
    setWebhookEnv({ MAKE_TICKET_WEBHOOK_URL: envUrl, MAKE_TICKET_WEBHOOK_INCLUDE_INTERNAL: "false" });
    await signInAs(admin);
    const shown = await getWebhookSettings(sessionUserOf(admin));
    expect(shown.endpointUrl).toMatchObject({ locked: true, set: true, hint: "https://hook.eu2.make.com/…wxyz" });
    expect(shown.includeInternal).toEqual({ locked: true, value: false });
    expect(shown.apiKey.locked).toBe(false);

    dataOf(
      await updateWebhookSettingsAction(
        validInput({ endpointUrl: "https://elsewhere.example/hook", includeInternal: true, apiKey: API_KEY }),
      ),
    );
    const row = await storedRow();
    expect(row.webhook_url_cipher).toBeNull();
    expect(row.webhook_include_internal).toBe(false);
    expect(row.webhook_api_key_cipher).not.toBeNull();
    const config = await withServiceRole((tx) => loadWebhookConfig(tx));
    expect(config).toMatchObject({ endpointUrl: envUrl, includeInternal: false, apiKey: API_KEY });
  });
});

describe("who may change settings", () => {
  it("only admins: students and tutors are refused by the action and by row-level security", async () => {
    for (const user of [student, tutor]) {
      await signInAs(user);
      expectServerError(
        await updateWebhookSettingsAction(validInput({ endpointUrl: "https://attacker.example/hook" })),
        "FORBIDDEN",
      );
      expectServerError(
        await updateGeneralSettingsAction({
          supportEmail: "x@example.com",
          supportPhone: "",
          supportHours: "",
          autoCloseDays: 1,
        }),
        "FORBIDDEN",
      );
      // Directly in SQL under their own role: the row is invisible and cannot be updated.
      expect(rowsOf(await asUser(user.id, "select * from public.app_settings"))).toHaveLength(0);
      expect(
        rowsOf(
          await asUser(user.id, "update public.app_settings set auto_close_days = 1 returning id", [], {
            commit: true,
          }),
        ),
      ).toHaveLength(0);
    }
    expect((await storedRow()).auto_close_days).toBe(7);
    // Signed out: not even the row; the public function gives the contact and the delay only.
    const anon = await asAnon("select * from public.app_settings");
    expect(anon.ok).toBe(false);
    const [publicRow] = rowsOf(await asAnon("select * from app.public_settings()"));
    expect(Object.keys(publicRow ?? {}).sort()).toEqual([
      "auto_close_days",
      "support_email",
      "support_hours",
      "support_phone",
    ]);
  });
});

describe("the webhook log's retry", () => {
  it("does nothing while no endpoint exists, and really sends once one is saved", async () => {
    await signInAs(admin);
    const test = dataOf(await sendTestWebhookEventAction());
    createdEvents.add(test.eventId);
    expect(test).toMatchObject({ state: "skipped", stateReason: "no_endpoint" });

    const refused = dataOf(await retryWebhookDeliveryAction({ eventId: test.eventId }));
    expect(refused.retried).toBe(false);
    expect(refused.delivery.state).toBe("skipped");

    dataOf(await updateWebhookSettingsAction(validInput({ endpointUrl: `${receiver.url}/retry-hook-0001` })));
    worker = await startTestWorker();
    const retried = dataOf(await retryWebhookDeliveryAction({ eventId: test.eventId }));
    expect(retried.retried).toBe(true);
    await waitForEventState(test.eventId, "delivered");
    expect(receiver.requests.some((r) => r.body.event_id === test.eventId && r.path.endsWith("/retry-hook-0001"))).toBe(
      true,
    );
  });
});

describe("the support contact and the auto-close delay", () => {
  it("are saved by an admin and read by anyone", async () => {
    await signInAs(admin);
    dataOf(
      await updateGeneralSettingsAction({
        supportEmail: "soutien@example.com",
        supportPhone: "514 555-0123 poste 2",
        supportHours: "Du lundi au vendredi, de 9 h à 17 h",
        autoCloseDays: 10,
      }),
    );
    const settings = await getPublicSettings();
    expect(settings).toEqual({
      supportContact: {
        email: "soutien@example.com",
        phone: "514 555-0123 poste 2",
        hours: "Du lundi au vendredi, de 9 h à 17 h",
      },
      autoCloseDays: 10,
    });
    expectValidationError(
      await updateGeneralSettingsAction({
        supportEmail: "pas-un-courriel",
        supportPhone: "abc",
        supportHours: "",
        autoCloseDays: 400,
      }),
      {
        supportEmail: "emailInvalid",
        supportPhone: "phoneInvalid",
        autoCloseDays: "autoCloseDaysInvalid",
      },
    );
  });
});
