/**
 * Issue 12, found 3: accounts as a school needs them. Admins invite a person by email with a role
 * (an email through the notifications outbox, kept in the Courriels log without SMTP; a signed,
 * single-use, expiring link to choose a password), list and search accounts, change roles and
 * deactivate (never themselves, never the last admin); a deactivated account is told so once its
 * password is right. Open sign-up verifies the address and answers a registered one the same way.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { sendEmailBatch } from "@/features/notifications/worker/send-emails";
import { acceptInvitation, inviteUser, listUsers, resendInvitation, updateAccount } from "@/features/users";
import { resetAuth } from "@/server/auth/auth";
import { createInvitationToken } from "@/server/auth/invitation-token";
import { createAdmin, createStudent, createTutor, sessionUserOf } from "../factories";
import { asUser, testPool } from "../support/db";
import { startSmtpServer, testEmailConfig } from "../support/email";
import { authRequest, createStudentWithPassword, RIGHT_PASSWORD, setEnv } from "../support/security";
import { storedRows } from "../support/tickets";

let restoreEnv: () => void = () => {};
afterEach(() => {
  restoreEnv();
  resetAuth();
});

const newEmail = (label = "invite") => `${label}-${randomUUID()}@exemple.test`;
const PASSWORD = "mot-de-passe-choisi-2026";

type TEmailRow = {
  id: string;
  type: string;
  state: string;
  batch_key: string;
  html_body: string | null;
  data: Record<string, unknown>;
};
const emailsTo = (email: string) =>
  storedRows<TEmailRow>(
    "select id, type, state, batch_key, html_body, data from email_notifications where recipient_email = $1 order by created_at, id",
    [email],
  );
const auditOf = (userId: string) =>
  storedRows<{ type: string; actor_id: string | null; detail: Record<string, unknown> }>(
    "select type, actor_id, detail from audit_events where target_user_id = $1 and type not like 'sign_in%' order by created_at, id",
    [userId],
  );

/** Runs the worker's send for the email's batch (kept without SMTP) and returns the link it wrote. */
async function sendAndReadLink(email: string, smtpUrl: string | null = null): Promise<string | null> {
  const rows = (await emailsTo(email)).filter((row) => row.state === "pending");
  const client = await testPool().connect();
  try {
    for (const row of rows) await sendEmailBatch(client, row.batch_key, { config: testEmailConfig(smtpUrl) });
  } finally {
    client.release();
  }
  const last = (await emailsTo(email)).at(-1);
  const match = /\/invitation\?token=([^"&\s<]+)/.exec(last?.html_body ?? "");
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const signIn = (email: string, password: string) => authRequest("/sign-in/email", { email, password });

describe("invitations", () => {
  it("an admin invites with a role: account, email kept with its link, audit; the link sets the password once", async () => {
    const admin = await createAdmin();
    const email = newEmail();
    const sent = await inviteUser(sessionUserOf(admin), {
      email: email.toUpperCase(),
      firstName: "Iris",
      lastName: "Invitée",
      role: "tutor",
      locale: "fr-CA",
    });
    expect(sent.emailKept).toBe(true);
    const [account] = await storedRows<{ id: string; role: string; email_verified: boolean }>(
      "select id, role, email_verified from users where email = $1",
      [email],
    );
    expect(account).toMatchObject({ id: sent.userId, role: "tutor", email_verified: false });
    expect((await emailsTo(email)).map((row) => [row.type, row.state])).toEqual([["account_invitation", "pending"]]);
    // No password yet: nothing signs in.
    expect((await signIn(email, PASSWORD)).status).toBe(401);

    const token = await sendAndReadLink(email);
    expect(token).not.toBeNull();
    const [kept] = await emailsTo(email);
    expect(kept?.state).toBe("kept");
    expect(kept?.html_body).toContain("Choisir mon mot de passe");
    expect(kept?.html_body).toContain("Iris");

    expect(await acceptInvitation({ token: token ?? "", password: PASSWORD, confirmation: PASSWORD })).toEqual({
      email,
    });
    expect((await signIn(email, PASSWORD)).status).toBe(200);
    // Single use.
    await expect(
      acceptInvitation({ token: token ?? "", password: "un-autre-2026", confirmation: "un-autre-2026" }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fieldErrors: { token: "invitationInvalid" } } });
    expect((await signIn(email, "un-autre-2026")).status).toBe(401);
    expect(await auditOf(sent.userId)).toEqual([
      { type: "account_invited", actor_id: admin.id, detail: { role: "tutor" } },
      { type: "invitation_accepted", actor_id: sent.userId, detail: {} },
    ]);
  });

  it("sent through a relay, the log keeps the email without its link", async () => {
    const smtp = await startSmtpServer();
    try {
      const admin = await createAdmin();
      const email = newEmail();
      await inviteUser(sessionUserOf(admin), {
        email,
        firstName: "Rémi",
        lastName: "Relais",
        role: "student",
        locale: "en",
      });
      expect(await sendAndReadLink(email, smtp.url)).toBeNull();
      const [row] = await emailsTo(email);
      expect(row?.state).toBe("sent");
      const mail = smtp.mailsTo(email)[0];
      expect(mail?.parsed.subject).toBe("Your access to the tutoring platform's support");
      expect(String(mail?.parsed.html)).toMatch(/\/en\/invitation\?token=/);
    } finally {
      await smtp.close();
    }
  });

  it("refuses a forged, expired or replaced link, and a deactivated account's", async () => {
    const admin = await createAdmin();
    const email = newEmail();
    const sent = await inviteUser(sessionUserOf(admin), {
      email,
      firstName: "A",
      lastName: "B",
      role: "student",
      locale: "fr-CA",
    });
    const first = await sendAndReadLink(email);
    const [invitationId = "", expires = ""] = (first ?? "").split(".");
    const refused = { code: "VALIDATION", details: { fieldErrors: { token: "invitationInvalid" } } };
    const accept = (token: string) => acceptInvitation({ token, password: PASSWORD, confirmation: PASSWORD });
    await expect(accept(`${invitationId}.${Number(expires) + 3600}.${first?.split(".")[2]}`)).rejects.toMatchObject(
      refused,
    );
    await expect(
      accept(await createInvitationToken(invitationId, Math.floor(Date.now() / 1000) - 1)),
    ).rejects.toMatchObject(refused);
    await expect(accept("pas-un-jeton")).rejects.toMatchObject(refused);

    await resendInvitation(sessionUserOf(admin), { userId: sent.userId });
    const second = await sendAndReadLink(email);
    expect(second).not.toBe(first);
    await expect(accept(first ?? "")).rejects.toMatchObject(refused);

    await updateAccount(sessionUserOf(admin), { userId: sent.userId, active: false });
    await expect(accept(second ?? "")).rejects.toMatchObject(refused);
    expect(await storedRows("select 1 from accounts where user_id = $1", [sent.userId])).toEqual([]);
    expect((await auditOf(sent.userId)).map((row) => row.type)).toEqual([
      "account_invited",
      "invitation_resent",
      "account_deactivated",
    ]);
  });

  it("an email already used is refused with a message; a resend for an account with a password too", async () => {
    const admin = await createAdmin();
    const existing = await createStudentWithPassword();
    await expect(
      inviteUser(sessionUserOf(admin), {
        email: existing.email,
        firstName: "X",
        lastName: "Y",
        role: "student",
        locale: "fr-CA",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { fieldErrors: { email: "emailTaken" } } });
    await expect(resendInvitation(sessionUserOf(admin), { userId: existing.id })).rejects.toMatchObject({
      details: { fieldErrors: { userId: "notPendingInvitation" } },
    });
  });

  it("only admins invite (service and SQL); a student cannot accept for someone through SQL", async () => {
    const student = await createStudent();
    const tutor = await createTutor();
    const input = {
      email: newEmail(),
      firstName: "N",
      lastName: "O",
      role: "admin" as const,
      locale: "fr-CA" as const,
    };
    await expect(inviteUser(sessionUserOf(student), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(inviteUser(sessionUserOf(tutor), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(
      await asUser(student.id, "select * from app.admin_invite_account($1, 'N', 'O', 'admin', 'fr-CA', 3600)", [
        input.email,
      ]),
    ).toMatchObject({ ok: false, code: "42501" });
    expect(await asUser(student.id, "select app.accept_invitation(gen_random_uuid(), 'x')")).toMatchObject({
      ok: false,
      code: "42501",
    });
    expect(await asUser(student.id, "select id from account_invitations")).toMatchObject({ ok: true, rows: [] });
    expect(await storedRows("select 1 from users where email = $1", [input.email])).toEqual([]);
  });
});

describe("deactivated accounts and own account", () => {
  it("a deactivated account with the right password is told so, in the request's language; a wrong password is not", async () => {
    const admin = await createAdmin();
    const student = await createStudentWithPassword();
    await updateAccount(sessionUserOf(admin), { userId: student.id, active: false });
    const right = await signIn(student.email, RIGHT_PASSWORD);
    expect(right.status).toBe(403);
    expect(((await right.json()) as { message: string }).message).toBe(
      "Ce compte est désactivé. Adressez-vous à l'administration de la plateforme.",
    );
    const english = await authRequest(
      "/sign-in/email",
      { email: student.email, password: RIGHT_PASSWORD },
      { "accept-language": "en" },
    );
    expect(((await english.json()) as { message: string }).message).toBe(
      "This account is deactivated. Contact the platform's administrators.",
    );
    expect((await signIn(student.email, "pas-le-bon-2026")).status).toBe(401);
  });

  it("an admin cannot change their own role, even with another admin around", async () => {
    const admin = await createAdmin();
    await createAdmin();
    await expect(updateAccount(sessionUserOf(admin), { userId: admin.id, role: "tutor" })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fieldErrors: { role: "cannotChangeOwnRole" } },
    });
    expect((await storedRows<{ role: string }>("select role from users where id = $1", [admin.id]))[0]?.role).toBe(
      "admin",
    );
  });
});

describe("the accounts list", () => {
  it("finds accounts by name or email, in keyset pages, with their status; admins only", async () => {
    const admin = await createAdmin();
    const tag = randomUUID().slice(0, 8);
    const people = [];
    for (let i = 0; i < 27; i++)
      people.push(await createStudent({ lastName: `Recherche${tag}`, email: newEmail(`liste${i}`) }));
    await inviteUser(sessionUserOf(admin), {
      email: newEmail(`invite${tag}`),
      firstName: "Pending",
      lastName: `Recherche${tag}`,
      role: "tutor",
      locale: "fr-CA",
    });
    await updateAccount(sessionUserOf(admin), { userId: people[0]?.id ?? "", active: false });
    const first = await listUsers(sessionUserOf(admin), { q: `recherche${tag}` });
    expect(first.items).toHaveLength(25);
    expect(first.items[0]).toMatchObject({ firstName: "Pending", role: "tutor", status: "invited" });
    const second = await listUsers(sessionUserOf(admin), { q: `recherche${tag}`, cursor: first.nextCursor ?? "" });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    expect(second.items.at(-1)).toMatchObject({ id: people[0]?.id, status: "deactivated" });
    const ids = new Set([...first.items, ...second.items].map((item) => item.id));
    expect(ids.size).toBe(28);
    // By email, and a LIKE wildcard is taken literally.
    expect((await listUsers(sessionUserOf(admin), { q: people[5]?.email })).items.map((item) => item.id)).toEqual([
      people[5]?.id,
    ]);
    expect((await listUsers(sessionUserOf(admin), { q: `%${tag}` })).items).toEqual([]);
    // A cursor of another search is refused.
    await expect(listUsers(sessionUserOf(admin), { q: "autre", cursor: first.nextCursor ?? "" })).rejects.toMatchObject(
      {
        code: "VALIDATION",
      },
    );
    await expect(listUsers(sessionUserOf(people[1] as never), {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("open sign-up", () => {
  const signUp = (email: string) =>
    authRequest("/sign-up/email", {
      email,
      password: "un-mot-de-passe-2026",
      name: "Nouvelle Personne",
      firstName: "Nouvelle",
      lastName: "Personne",
    });

  it("verifies the address first; a registered address gets the same answer and no email", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true" });
    resetAuth();
    const fresh = newEmail("inscription");
    const created = await signUp(fresh);
    expect(created.status).toBe(200);
    expect(created.headers.get("set-cookie") ?? "").not.toContain("session_token");
    const createdBody = (await created.json()) as { token: unknown; user: Record<string, unknown> };
    expect(createdBody.token).toBeNull();
    expect((await emailsTo(fresh)).map((row) => [row.type, typeof row.data.url])).toEqual([
      ["email_verification", "string"],
    ]);
    // Not verified yet: the right password does not sign in, and says why.
    const early = await signIn(fresh, "un-mot-de-passe-2026");
    expect(early.status).toBe(403);

    const existing = await createStudentWithPassword();
    const again = await signUp(existing.email);
    expect(again.status).toBe(200);
    expect(again.headers.get("set-cookie") ?? "").not.toContain("session_token");
    const againBody = (await again.json()) as { token: unknown; user: Record<string, unknown> };
    expect(Object.keys(againBody).sort()).toEqual(Object.keys(createdBody).sort());
    expect(Object.keys(againBody.user).sort()).toEqual(Object.keys(createdBody.user).sort());
    expect(againBody.user.id).not.toBe(existing.id);
    expect(await emailsTo(existing.email)).toEqual([]);
    // The verification email's link, once written, is not kept in the row.
    await sendAndReadLink(fresh);
    const [sent] = await emailsTo(fresh);
    expect(sent?.state).toBe("kept");
    expect(sent?.data.url).toBeUndefined();
    expect(sent?.html_body).toContain("/api/auth/verify-email?token=");
  });
});
