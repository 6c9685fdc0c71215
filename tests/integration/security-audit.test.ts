/**
 * Issue 12, audit log: each security event is written (sign-in success, failure and lock,
 * sign-out, account created, settings changed, attachment downloaded by an admin) with its
 * actor, target, trusted address and a detail free of passwords and typed text; a change's
 * event commits with it; admins alone can read the log (RLS and the service).
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { listAuditEvents } from "@/features/audit";
import { createCategory } from "@/features/tickets/service/create-category";
import { resetAuth } from "@/server/auth/auth";
import { AppError } from "@/server/errors";
import { createAdmin, createStudent, createTicket, sessionUserOf } from "../factories";
import { createTicketWith, downloadRequest, file } from "../support/attachment-requests";
import { tinyPdf } from "../support/attachment-samples";
import { asAnon, asUser } from "../support/db";
import { authRequest, createStudentWithPassword, RIGHT_PASSWORD, setEnv } from "../support/security";
import { storedRows } from "../support/tickets";

type TAuditRow = {
  type: string;
  actor_id: string | null;
  target_user_id: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
};

let restoreEnv: () => void = () => {};
afterEach(() => {
  restoreEnv();
  resetAuth();
});

const eventsAbout = (userId: string) =>
  storedRows<TAuditRow>(
    `select type, actor_id, target_user_id, ip, detail from audit_events
      where actor_id = $1 or target_user_id = $1 order by created_at, id`,
    [userId],
  );

describe("sign-in events", () => {
  it("success, failure and lock, with the trusted address; an unknown email leaves no trace of itself", async () => {
    restoreEnv = setEnv({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "2", TRUST_PROXY: "1" });
    const student = await createStudentWithPassword();
    const from = { "x-forwarded-for": "203.0.113.77" };
    expect((await authRequest("/sign-in/email", { email: student.email, password: RIGHT_PASSWORD }, from)).status).toBe(
      200,
    );
    for (let i = 0; i < 2; i++) {
      const wrong = await authRequest("/sign-in/email", { email: student.email, password: `faux-${i}-secret` }, from);
      expect(wrong.status).toBe(401);
    }
    expect((await authRequest("/sign-in/email", { email: student.email, password: RIGHT_PASSWORD }, from)).status).toBe(
      429,
    );

    const events = await eventsAbout(student.id);
    expect(events).toEqual([
      { type: "sign_in_succeeded", actor_id: student.id, target_user_id: student.id, ip: "203.0.113.77", detail: {} },
      {
        type: "sign_in_failed",
        actor_id: null,
        target_user_id: student.id,
        ip: "203.0.113.77",
        detail: { knownAccount: true, status: 401 },
      },
      {
        type: "sign_in_failed",
        actor_id: null,
        target_user_id: student.id,
        ip: "203.0.113.77",
        detail: { knownAccount: true, status: 401 },
      },
      {
        type: "sign_in_locked",
        actor_id: null,
        target_user_id: student.id,
        ip: "203.0.113.77",
        detail: { retryAfterSeconds: expect.any(Number) },
      },
    ]);
    const everything = JSON.stringify(await storedRows("select * from audit_events"));
    expect(everything).not.toContain("faux-");
    expect(everything).not.toContain(RIGHT_PASSWORD);

    const unknown = `inconnu-${randomUUID()}@exemple.test`;
    expect((await authRequest("/sign-in/email", { email: unknown, password: "nimporte-quoi-1" })).status).toBe(401);
    const [last] = await storedRows<TAuditRow>(
      "select type, actor_id, target_user_id, ip, detail from audit_events order by created_at desc, id desc limit 1",
    );
    expect(last).toEqual({
      type: "sign_in_failed",
      actor_id: null,
      target_user_id: null,
      ip: null, // no X-Forwarded-For from a proxy of ours on this request
      detail: { knownAccount: false, status: 401 },
    });
    expect(JSON.stringify(await storedRows("select * from audit_events"))).not.toContain(unknown);
  });

  it("an address from a client, without TRUST_PROXY, is never kept", async () => {
    restoreEnv = setEnv({ TRUST_PROXY: undefined });
    const student = await createStudentWithPassword();
    await authRequest(
      "/sign-in/email",
      { email: student.email, password: RIGHT_PASSWORD },
      { "x-forwarded-for": "198.51.100.9" },
    );
    expect(await eventsAbout(student.id)).toEqual([expect.objectContaining({ type: "sign_in_succeeded", ip: null })]);
  });

  it("sign-out, by the signed-in user", async () => {
    const student = await createStudentWithPassword();
    const signedIn = await authRequest("/sign-in/email", { email: student.email, password: RIGHT_PASSWORD });
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect((await authRequest("/sign-out", {}, { cookie })).status).toBe(200);
    expect((await eventsAbout(student.id)).map((event) => [event.type, event.actor_id])).toEqual([
      ["sign_in_succeeded", student.id],
      ["signed_out", student.id],
    ]);
  });

  it("an account created by open sign-up", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true" });
    resetAuth();
    const email = `nouveau-${randomUUID()}@exemple.test`;
    const response = await authRequest("/sign-up/email", {
      email,
      password: "un-mot-de-passe-2026",
      name: "Nouvel Étudiant",
      firstName: "Nouvel",
      lastName: "Étudiant",
    });
    expect(response.status).toBe(200);
    const [created] = await storedRows<{ id: string }>("select id from users where email = $1", [email]);
    expect(await eventsAbout(created?.id ?? "")).toEqual([
      expect.objectContaining({ type: "account_created", actor_id: created?.id, detail: { via: "sign_up" } }),
    ]);
  });
});

describe("an admin's changes", () => {
  it("a settings change writes its event in the same transaction: a refused change writes none", async () => {
    const admin = await createAdmin();
    const slug = `cat-${randomUUID().slice(0, 8)}`;
    await createCategory(sessionUserOf(admin), { slug, labelFr: "Catégorie", labelEn: "Category" });
    await expect(
      createCategory(sessionUserOf(admin), { slug, labelFr: "Encore", labelEn: "Again" }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await eventsAbout(admin.id)).toEqual([
      {
        type: "settings_changed",
        actor_id: admin.id,
        target_user_id: null,
        ip: null,
        detail: { setting: "ticket_category", change: "created", slug },
      },
    ]);
  });

  it("an attachment downloaded by an admin (not by its student)", async () => {
    const student = await createStudent();
    const admin = await createAdmin();
    const created = await createTicketWith(sessionUserOf(student), [file("releve.pdf", tinyPdf())]);
    const [attachment] = await storedRows<{ id: string }>("select id from ticket_attachments where ticket_id = $1", [
      created.body.data?.id,
    ]);
    const id = attachment?.id ?? "";
    expect((await handleAttachmentRedirect(downloadRequest(id), id, sessionUserOf(student))).status).toBe(302);
    expect((await handleAttachmentRedirect(downloadRequest(id), id, sessionUserOf(admin))).status).toBe(302);
    expect(await eventsAbout(admin.id)).toEqual([
      {
        type: "attachment_downloaded",
        actor_id: admin.id,
        target_user_id: null,
        ip: null,
        detail: { attachmentId: id },
      },
    ]);
    expect(await eventsAbout(student.id)).toEqual([]);
  });
});

describe("who reads the log", () => {
  it("admins, newest first, in keyset pages, filtered by type", async () => {
    const admin = sessionUserOf(await createAdmin());
    for (let i = 0; i < 30; i++) {
      const slug = `p-${randomUUID().slice(0, 8)}`;
      await createCategory(admin, { slug, labelFr: `P ${slug}`, labelEn: `P ${slug}` });
    }
    const first = await listAuditEvents(admin, { type: "settings_changed" });
    expect(first.items).toHaveLength(25);
    expect(first.items.every((item) => item.type === "settings_changed")).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = await listAuditEvents(admin, { type: "settings_changed", cursor: first.nextCursor ?? "" });
    const ids = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.items, ...second.items].map((item) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.items[0]?.actor?.id).toBe(admin.id);
  });

  it("never a student, a tutor or anon: RLS and the service; nor can they write an event", async () => {
    const student = await createStudent();
    await createTicket({ userId: student.id });
    expect(await asUser(student.id, "select count(*)::int as n from audit_events")).toMatchObject({
      ok: true,
      rows: [{ n: 0 }],
    });
    expect(await asAnon("select * from audit_events")).toMatchObject({ ok: false, code: "42501" });
    expect(
      await asUser(student.id, "insert into audit_events (type, actor_id) values ('role_changed', $1)", [student.id]),
    ).toMatchObject({ ok: false, code: "42501" });
    expect(
      await asUser(student.id, "select app.record_audit_event('role_changed', null, null, '{}'::jsonb)"),
    ).toMatchObject({ ok: false, code: "42501" });
    await expect(listAuditEvents(sessionUserOf(student))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
