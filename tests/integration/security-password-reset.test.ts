/**
 * Issue 12: "Mot de passe oublié ?". The request answers every email the same way and does the
 * same work for each (the limits, then one job); the worker sends a single-use, expiring link
 * in the account's language through the account-email outbox (kept in the Courriels log without
 * SMTP); the reset ends every session of the account; deactivated accounts cannot reset;
 * everything is audited; the request is rate-limited. Also the sign-up page's service.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { requestPasswordReset, resetPassword } from "@/features/auth/service/password-reset";
import { signUp } from "@/features/auth/service/sign-up";
import { authWorkerJobs } from "@/features/auth/worker-jobs";
import { sendEmailBatch } from "@/features/notifications/worker/send-emails";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { updateAccount } from "@/features/users";
import { SESSION_ENDED_DIGEST } from "@/lib/errors";
import { getAuth, resetAuth } from "@/server/auth/auth";
import { createPasswordResetToken, verifyPasswordResetToken } from "@/server/auth/password-reset-token";
import { readSessionUser } from "@/server/auth/session";
import { applySetCookies } from "@/server/auth/session-cache";
import { toAppError } from "@/server/errors";
import { translateError } from "@/server/errors-i18n";
import { createAdmin, sessionUserOf } from "../factories";
import { asAnon, asUser, testPool } from "../support/db";
import { testEmailConfig } from "../support/email";
import {
  APP_ORIGIN,
  authRequest,
  awayFromMinuteEnd,
  createStudentWithPassword,
  RIGHT_PASSWORD,
  setEnv,
} from "../support/security";
import { storedRows } from "../support/tickets";

let restoreEnv: () => void = () => {};
afterEach(() => {
  restoreEnv();
  restoreEnv = () => {};
  resetAuth();
});

const NEW_PASSWORD = "nouveau-mot-de-passe-2026";
const newEmail = (label = "oubli") => `${label}-${randomUUID()}@exemple.test`;
/** A request as the page's server action sees it (no trusted proxy unless a test sets TRUST_PROXY). */
const pageHeaders = (extra: Record<string, string> = {}) =>
  new Headers({ origin: APP_ORIGIN, "accept-language": "fr-CA", ...extra });

type TJob = { id: string; payload: { email: string; ip: string | null } };
/** The queue, read as the login role (the request roles have no access to graphile_worker). */
const jobsFor = async (email: string) =>
  (
    await testPool().query<TJob>(
      `select j.id::text, j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'password_reset_request' and j.payload->>'email' = $1 order by j.id`,
      [email],
    )
  ).rows;

/** Runs the worker's task for each queued request of `email`, then drops the jobs (as the worker would). */
async function runQueuedRequests(email: string): Promise<void> {
  const task = authWorkerJobs().taskList.password_reset_request;
  for (const job of await jobsFor(email)) {
    const helpers = {
      withPgClient: async <T>(work: (client: import("pg").PoolClient) => Promise<T>) => {
        const client = await testPool().connect();
        try {
          return await work(client);
        } finally {
          client.release();
        }
      },
    };
    await task?.(job.payload, helpers as never);
    await testPool().query("select graphile_worker.complete_jobs(array[$1::bigint])", [job.id]);
  }
}

type TEmailRow = {
  id: string;
  type: string;
  state: string;
  locale: string;
  batch_key: string;
  html_body: string | null;
};
const emailsTo = (email: string) =>
  storedRows<TEmailRow>(
    "select id, type, state, locale, batch_key, html_body from email_notifications where recipient_email = $1 order by created_at, id",
    [email],
  );

/** The worker writes the pending emails (kept without SMTP) and returns the last reset link's token. */
async function sendAndReadToken(email: string): Promise<string | null> {
  const client = await testPool().connect();
  try {
    for (const row of (await emailsTo(email)).filter((r) => r.state === "pending")) {
      await sendEmailBatch(client, row.batch_key, { config: testEmailConfig(null) });
    }
  } finally {
    client.release();
  }
  const match = /\/nouveau-mot-de-passe\?token=([^"&\s<]+)/.exec((await emailsTo(email)).at(-1)?.html_body ?? "");
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Asks for a link, runs the worker, returns the token the kept email carries. */
async function resetLinkFor(email: string): Promise<string> {
  await requestPasswordReset({ email }, pageHeaders());
  await runQueuedRequests(email);
  const token = await sendAndReadToken(email);
  if (!token) throw new Error("no reset link was written");
  return token;
}

const auditOf = (userId: string) =>
  storedRows<{ type: string; actor_id: string | null; detail: Record<string, unknown> }>(
    "select type, actor_id, detail from audit_events where target_user_id = $1 and type like 'password_reset%' order by created_at, id",
    [userId],
  );

/** Rows the request could have written anywhere but the job queue. */
async function footprint(): Promise<Record<string, number>> {
  const [row] = await storedRows<Record<string, number>>(
    `select (select count(*)::int from email_notifications) as emails,
            (select count(*)::int from password_resets) as resets,
            (select count(*)::int from audit_events) as audit,
            (select count(*)::int from verifications) as verifications,
            (select count(*)::int from users) as users`,
  );
  return row ?? {};
}

const signIn = (email: string, password: string) => authRequest("/sign-in/email", { email, password });
const sessionCookieOf = (response: Response) =>
  /(better-auth\.session_token=[^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1] ?? "";

async function expectResetRefused(promise: Promise<unknown>, field = "token", key = "resetLinkInvalid") {
  await expect(promise).rejects.toMatchObject({ code: "VALIDATION", details: { fieldErrors: { [field]: key } } });
}

describe("password reset: the request", () => {
  it("answers a known, an unknown and a deactivated email alike, with the same work: one job each, nothing else", async () => {
    const known = await createStudentWithPassword();
    const gone = await createStudentWithPassword();
    await updateAccount(sessionUserOf(await createAdmin()), { userId: gone.id, active: false });
    const unknown = newEmail("inconnu");

    const answers: unknown[] = [];
    for (const email of [known.email, unknown, gone.email]) {
      const before = await footprint();
      answers.push(await requestPasswordReset({ email }, pageHeaders()));
      // Nothing but the job: no email row, no reset row, no audit line, no verification, for any of them.
      expect(await footprint()).toEqual(before);
      const jobs = await jobsFor(email);
      expect(jobs).toHaveLength(1);
      expect(Object.keys(jobs[0]?.payload ?? {}).sort()).toEqual(["email", "ip"]);
    }
    expect(answers).toEqual([{ minutes: 60 }, { minutes: 60 }, { minutes: 60 }]);

    // The worker decides: only the active account gets an email and a reset.
    for (const email of [known.email, unknown, gone.email]) await runQueuedRequests(email);
    expect((await emailsTo(known.email)).map((row) => [row.type, row.state])).toEqual([["password_reset", "pending"]]);
    expect(await emailsTo(unknown)).toEqual([]);
    expect(await emailsTo(gone.email)).toEqual([]);
    expect(await auditOf(known.id)).toEqual([{ type: "password_reset_requested", actor_id: null, detail: {} }]);
    expect(await auditOf(gone.id)).toEqual([
      { type: "password_reset_refused", actor_id: null, detail: { step: "request", reason: "deactivated" } },
    ]);
    // An unknown email leaves no trace, the typed address least of all.
    expect(
      await storedRows("select 1 from audit_events where detail::text like $1 or ip = $2", [`%${unknown}%`, unknown]),
    ).toEqual([]);
  });

  it("the email is kept in the Courriels log with its link, in the account's language", async () => {
    const french = await createStudentWithPassword({ firstName: "Aurélie" });
    const english = await createStudentWithPassword({ firstName: "Grace", locale: "en" });
    await resetLinkFor(french.email);
    await resetLinkFor(english.email);
    const [fr] = await emailsTo(french.email);
    expect(fr).toMatchObject({ type: "password_reset", state: "kept", locale: "fr-CA" });
    expect(fr?.html_body).toContain("Choisir un nouveau mot de passe");
    expect(fr?.html_body).toContain("Aurélie");
    expect(fr?.html_body).toContain(`/nouveau-mot-de-passe?token=`);
    const [en] = await emailsTo(english.email);
    expect(en).toMatchObject({ type: "password_reset", state: "kept", locale: "en" });
    expect(en?.html_body).toContain("Choose a new password");
    expect(en?.html_body).toContain("/en/nouveau-mot-de-passe?token=");
  });

  it("is rate-limited per email (known or not alike), per trusted address and for all clients; a refused request queues nothing", async () => {
    restoreEnv = setEnv({ PASSWORD_RESET_PER_EMAIL_PER_HOUR: "2" });
    const known = await createStudentWithPassword();
    const unknown = newEmail("inconnu");
    for (const email of [known.email, unknown]) {
      await requestPasswordReset({ email }, pageHeaders());
      await requestPasswordReset({ email: email.toUpperCase() }, pageHeaders());
      const refused = await requestPasswordReset({ email }, pageHeaders()).catch(toAppError);
      expect(refused).toMatchObject({ code: "RATE_LIMITED" });
      expect(translateError(toAppError(refused), "fr-CA").message).toMatch(
        /^Trop de demandes de réinitialisation en peu de temps\. Réessayez dans \d+ minutes?\.$/,
      );
      expect(translateError(toAppError(refused), "en").message).toMatch(/^Too many password reset requests/);
      // Another spelling of the same address counts as the same; the refused one queued nothing.
      expect(await jobsFor(email)).toHaveLength(1);
      expect(await jobsFor(email.toUpperCase())).toHaveLength(1);
    }
    restoreEnv();

    // Behind one trusted proxy: the address the proxy saw counts, whatever the client forged to its left.
    restoreEnv = setEnv({ TRUST_PROXY: "1", PASSWORD_RESET_PER_ADDRESS_PER_HOUR: "3" });
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const forged = `198.51.100.${i + 1}, ${address}`;
      const result = await requestPasswordReset(
        { email: newEmail("flood") },
        pageHeaders({ "x-forwarded-for": forged }),
      )
        .then(() => "ok")
        .catch((error: unknown) => toAppError(error).code);
      outcomes.push(result);
    }
    expect(outcomes).toEqual(["ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED"]);
    // Another client is not affected.
    await expect(
      requestPasswordReset({ email: newEmail() }, pageHeaders({ "x-forwarded-for": "192.0.2.77" })),
    ).resolves.toEqual({ minutes: 60 });
    restoreEnv();

    // All clients together (addresses unknown or forged): a bounded number of emails per minute.
    restoreEnv = setEnv({ PASSWORD_RESET_PER_MINUTE: "4" });
    await awayFromMinuteEnd();
    const flood: string[] = [];
    for (let i = 0; i < 6; i++) {
      flood.push(
        await requestPasswordReset({ email: newEmail("flood") }, pageHeaders({ "x-forwarded-for": `10.9.9.${i}` }))
          .then(() => "ok")
          .catch((error: unknown) => toAppError(error).code),
      );
    }
    // Earlier requests of this minute count too: at most 4 pass, and the last ones are refused.
    expect(flood.filter((outcome) => outcome === "ok").length).toBeLessThanOrEqual(4);
    expect(flood.slice(-2)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("better-auth's own reset endpoints are closed (one door only)", async () => {
    const known = await createStudentWithPassword();
    const request = await authRequest("/request-password-reset", { email: known.email, redirectTo: "/" });
    expect(request.status).toBe(404);
    const reset = await authRequest("/reset-password", { token: "x".repeat(24), newPassword: NEW_PASSWORD });
    expect(reset.status).toBe(404);
    expect(await storedRows("select 1 from verifications where value = $1", [known.id])).toEqual([]);
  });
});

describe("password reset: the link", () => {
  it("sets the new password once, ends every session of the account, and is audited", async () => {
    const student = await createStudentWithPassword();
    // Two open sessions (a phone and a laptop).
    const first = await signIn(student.email, RIGHT_PASSWORD);
    const second = await signIn(student.email, RIGHT_PASSWORD);
    expect([first.status, second.status]).toEqual([200, 200]);
    const cookie = sessionCookieOf(first);
    expect(cookie).not.toBe("");
    const sessionsOf = async () =>
      (await storedRows<{ n: number }>("select count(*)::int as n from sessions where user_id = $1", [student.id]))[0]
        ?.n;
    expect(await sessionsOf()).toBe(2);

    // The first browser as pages see it: from its signed cookie cache.
    const firstBrowser = await readSessionUser(
      new Headers({ cookie: applySetCookies("", first.headers.getSetCookie()) }),
    );
    if (!firstBrowser) throw new Error("not signed in");
    await expect(getStudentTickets(firstBrowser, {})).resolves.toMatchObject({ items: [] });

    const token = await resetLinkFor(student.email);
    await resetPassword({ token, password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, pageHeaders());

    expect(await sessionsOf()).toBe(0);
    // Its cache is still within its max age, yet nothing runs for it any more: the pages it
    // opens end in "session ended", which signs it out (the cache used to serve it ~30 s).
    await expect(getStudentTickets(firstBrowser, {})).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      digest: SESSION_ENDED_DIGEST,
    });
    // The browser that held a session is signed out (read from the table, not the cookie cache).
    expect(await (await authRequestGet("/get-session", { cookie })).json()).toBeNull();
    expect((await signIn(student.email, RIGHT_PASSWORD)).status).toBe(401);
    expect((await signIn(student.email, NEW_PASSWORD)).status).toBe(200);

    // Single use.
    await expectResetRefused(
      resetPassword({ token, password: "encore-un-autre-2026", confirmation: "encore-un-autre-2026" }, pageHeaders()),
    );
    expect((await signIn(student.email, "encore-un-autre-2026")).status).toBe(401);
    expect(await auditOf(student.id)).toEqual([
      { type: "password_reset_requested", actor_id: null, detail: {} },
      { type: "password_reset_completed", actor_id: student.id, detail: { sessionsEnded: 2 } },
    ]);
  });

  it("expires; a newer link replaces the older; a forged or another purpose's token is refused; nothing changes", async () => {
    const student = await createStudentWithPassword();
    const older = await resetLinkFor(student.email);
    const newer = await resetLinkFor(student.email);
    await expectResetRefused(
      resetPassword({ token: older, password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, pageHeaders()),
    );

    // Past its time in the database (the signed time is later): refused.
    const resetId = await verifyPasswordResetToken(newer);
    await testPool().query("update password_resets set expires_at = now() - interval '1 second' where id = $1", [
      resetId,
    ]);
    await expectResetRefused(
      resetPassword({ token: newer, password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, pageHeaders()),
    );
    // Past its signed time: the page does not even show the form.
    expect(await verifyPasswordResetToken(newer, Date.now() + 61 * 60 * 1000)).toBeNull();

    // A token signed for an invitation, or with a changed expiry, names no reset.
    const [row] = await storedRows<{ id: string; expires: number }>(
      "select id, extract(epoch from expires_at)::bigint + 3600 as expires from password_resets where user_id = $1 order by created_at desc limit 1",
      [student.id],
    );
    const forged = (await createPasswordResetToken(row?.id ?? "", Number(row?.expires))).replace(
      /\.(\d+)\./,
      ".9999999999.",
    );
    await expectResetRefused(
      resetPassword({ token: forged, password: NEW_PASSWORD, confirmation: NEW_PASSWORD }, pageHeaders()),
    );
    expect((await signIn(student.email, RIGHT_PASSWORD)).status).toBe(200);
  });

  it("the form's rules: length and confirmation, translated", async () => {
    const { ZResetPasswordInput } = await import("@/features/auth/schemas");
    const short = ZResetPasswordInput.safeParse({ token: "t", password: "court", confirmation: "court" });
    expect(short.success ? [] : short.error.issues.map((issue) => issue.message)).toEqual(["passwordTooShort"]);
    const differ = ZResetPasswordInput.safeParse({
      token: "t",
      password: NEW_PASSWORD,
      confirmation: "autre-chose-2026",
    });
    expect(differ.success ? [] : differ.error.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["confirmation", "passwordsDiffer"],
    ]);
    const long = ZResetPasswordInput.safeParse({
      token: "t",
      password: "x".repeat(129),
      confirmation: "x".repeat(129),
    });
    expect(long.success ? [] : long.error.issues.map((issue) => issue.message)).toContain("passwordTooLong");
  });

  it("a deactivated account cannot reset, even with a link sent before; audited, password unchanged", async () => {
    const student = await createStudentWithPassword();
    const token = await resetLinkFor(student.email);
    await updateAccount(sessionUserOf(await createAdmin()), { userId: student.id, active: false });
    const refused = await resetPassword(
      { token, password: NEW_PASSWORD, confirmation: NEW_PASSWORD },
      pageHeaders(),
    ).catch(toAppError);
    expect(refused).toMatchObject({ code: "ACCOUNT_DEACTIVATED" });
    expect(translateError(toAppError(refused), "fr-CA").message).toContain("Ce compte est désactivé");
    const [account] = await storedRows<{ password: string }>(
      "select password from accounts where user_id = $1 and provider_id = 'credential'",
      [student.id],
    );
    const { verifyPassword } = await import("better-auth/crypto");
    expect(await verifyPassword({ hash: account?.password ?? "", password: RIGHT_PASSWORD })).toBe(true);
    expect((await auditOf(student.id)).map((event) => [event.type, event.detail])).toEqual([
      ["password_reset_requested", {}],
      ["password_reset_refused", { step: "reset", reason: "deactivated" }],
    ]);
  });

  it("the request roles can neither read resets nor call the reset functions", async () => {
    const student = await createStudentWithPassword();
    await resetLinkFor(student.email);
    const read = await asUser(student.id, "select * from password_resets");
    expect(read.ok).toBe(false);
    for (const statement of [
      "select app.request_password_reset('x@exemple.test', 3600, null)",
      "select * from app.complete_password_reset(gen_random_uuid(), 'hash', null)",
      "select app.queue_password_reset_request('x@exemple.test', null)",
    ]) {
      expect((await asUser(student.id, statement)).ok).toBe(false);
      expect((await asAnon(statement)).ok).toBe(false);
    }
  });
});

describe("sign-up page", () => {
  const input = (email: string) => ({
    firstName: "Nina",
    lastName: "Nouvelle",
    email,
    password: NEW_PASSWORD,
    confirmation: NEW_PASSWORD,
  });

  it("is not there while sign-up is closed", async () => {
    const email = newEmail("ferme");
    await expect(signUp(input(email), pageHeaders(), "fr-CA")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await storedRows("select 1 from users where email = $1", [email])).toEqual([]);
  });

  it("open: a new account waits for its verification email (in the page's language); a registered address gets the same answer", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true" });
    resetAuth();
    const email = newEmail("inscription");
    await expect(signUp(input(email), pageHeaders(), "en")).resolves.toBeUndefined();
    const [user] = await storedRows<{ locale: string; email_verified: boolean; first_name: string }>(
      "select locale, email_verified, first_name from users where email = $1",
      [email],
    );
    expect(user).toEqual({ locale: "en", email_verified: false, first_name: "Nina" });
    expect((await emailsTo(email)).map((row) => [row.type, row.locale])).toEqual([["email_verification", "en"]]);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(403);

    const existing = await createStudentWithPassword();
    await expect(signUp(input(existing.email), pageHeaders(), "fr-CA")).resolves.toBeUndefined();
    expect(await emailsTo(existing.email)).toEqual([]);
  });

  it("open: limited for all clients together and per trusted address", async () => {
    restoreEnv = setEnv({ AUTH_ALLOW_SIGNUP: "true", TRUST_PROXY: "1", SIGN_UP_PER_ADDRESS_PER_HOUR: "2" });
    resetAuth();
    const headers = pageHeaders({ "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 200) + 1}` });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(
        await signUp(input(newEmail("flot")), headers, "fr-CA")
          .then(() => "ok")
          .catch((error: unknown) => toAppError(error).code),
      );
    }
    expect(outcomes).toEqual(["ok", "ok", "RATE_LIMITED"]);
    const refused = await signUp(input(newEmail("flot")), headers, "fr-CA").catch(toAppError);
    expect(translateError(toAppError(refused), "fr-CA").message).toMatch(/^Trop de créations de compte/);
  });
});

/** A GET to better-auth's HTTP endpoint with the browser's cookie. */
function authRequestGet(path: string, headers: Record<string, string>): Promise<Response> {
  return getAuth().handler(
    new Request(`${APP_ORIGIN}/api/auth${path}`, { headers: { origin: APP_ORIGIN, ...headers } }),
  );
}
