/**
 * Issue 18: pages read the session from better-auth's signed cookie cache
 * (AUTH_SESSION_CACHE_SECONDS) instead of the sessions table. What must still hold:
 * - the cache is really used (a session deleted from the table still reads within the max age:
 *   that is the round trip saved), and a revoked session or a deactivated account is refused
 *   once the max age has passed;
 * - sign-out ends the browser's session at once (its cache cookie is deleted with the token);
 * - the proxy renews a missing or expiring cache from the table, and for a revoked session hands
 *   the page and the browser the cookies' deletion.
 * Short max age (2 s) so the expiry is reached within the test.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { updateAccount } from "@/features/users";
import { SESSION_ENDED_DIGEST } from "@/lib/errors";
import { getAuth, resetAuth } from "@/server/auth/auth";
import { readSessionUser } from "@/server/auth/session";
import { applySetCookies, renewSessionCache, sessionCacheNeedsRenewal } from "@/server/auth/session-cache";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import { createAdmin, sessionUserOf } from "../factories";
import { testPool } from "../support/db";
import { authRequest, createStudentWithPassword, RIGHT_PASSWORD, setEnv } from "../support/security";
import { storedRows } from "../support/tickets";

const MAX_AGE_SECONDS = 2;
let restoreEnv: () => void = () => {};
beforeEach(() => {
  restoreEnv = setEnv({ AUTH_SESSION_CACHE_SECONDS: String(MAX_AGE_SECONDS) });
  resetAuth();
});
afterEach(() => {
  restoreEnv();
  resetAuth();
});

/** Signs in over better-auth's endpoint; returns the browser's Cookie header. */
async function signIn(email: string): Promise<string> {
  const response = await authRequest("/sign-in/email", { email, password: RIGHT_PASSWORD });
  expect(response.status).toBe(200);
  return applySetCookies("", response.headers.getSetCookie());
}

const sessionUserId = async (cookie: string) =>
  (await getAuth().api.getSession({ headers: new Headers({ cookie }) }))?.user.id ?? null;

/** What revoking from another device does (better-auth's revoke-session deletes the row). */
const revokeSessionsOf = async (userId: string) => {
  const result = await testPool().query("delete from sessions where user_id = $1", [userId]);
  expect(result.rowCount).toBeGreaterThan(0);
};

/** The cookie header without the cache: what a browser holds once the cache cookie's Max-Age passed. */
const withoutCache = (cookie: string) =>
  cookie
    .split("; ")
    .filter((pair) => !pair.includes("session_data"))
    .join("; ");

describe("the session cookie cache", () => {
  it("is set at sign-in and read without the sessions table; a revoked session is refused once it expires", async () => {
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    expect(cookie).toContain("better-auth.session_data=");
    expect(await sessionUserId(cookie)).toBe(student.id);

    await revokeSessionsOf(student.id);
    // Within the max age the signed cache answers: the table is not read (the saved round trip)…
    expect(await sessionUserId(cookie)).toBe(student.id);
    // …and without the cache the revocation shows at once.
    expect(await sessionUserId(withoutCache(cookie))).toBeNull();
    await sleep(MAX_AGE_SECONDS * 1000 + 300);
    expect(await sessionUserId(cookie)).toBeNull();
  });

  it("a deactivated account is refused once the max age has passed", async () => {
    const admin = await createAdmin();
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    await updateAccount(sessionUserOf(admin), { userId: student.id, active: false });
    await sleep(MAX_AGE_SECONDS * 1000 + 300);
    expect(await sessionUserId(cookie)).toBeNull();
  });

  it("a deactivated account is refused at once by every query it asks for, while its cache cookie is still trusted", async () => {
    const admin = await createAdmin();
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    const asStudent = sessionUserOf(student);
    await expect(getStudentTickets(asStudent, {})).resolves.toMatchObject({ items: [] });

    await updateAccount(sessionUserOf(admin), { userId: student.id, active: false });
    // The signed cookie still names the student (that is the cache)…
    expect(await sessionUserId(cookie)).toBe(student.id);
    // …but the database runs nothing for them: the page's error is "session ended" (its digest
    // makes the error page sign the browser out), an action's or a route's is UNAUTHENTICATED.
    const refused = await getStudentTickets(asStudent, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "UNAUTHENTICATED", digest: SESSION_ENDED_DIGEST });
    await expect(withUser(student.id, async (tx) => tx.execute(sql`select 1`))).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    // The sign-in page the error page opens (?session=fin): the proxy checks the table whatever
    // the fresh cache says, and hands the browser the cookies' deletion.
    const headers = new Headers({ cookie });
    expect(sessionCacheNeedsRenewal(headers)).toBe(false);
    expect(sessionCacheNeedsRenewal(headers, { force: true })).toBe(true);
    const deletion = await renewSessionCache(headers, { force: true });
    expect(deletion).toContainEqual(expect.stringMatching(/^better-auth\.session_data=;.*Max-Age=0/i));
    expect(await sessionUserId(applySetCookies(cookie, deletion))).toBeNull();

    await updateAccount(sessionUserOf(admin), { userId: student.id, active: true });
    await expect(getStudentTickets(asStudent, {})).resolves.toMatchObject({ items: [] });
  });

  it("a session ended elsewhere is refused at once by every query, while its cache cookie is still trusted", async () => {
    const admin = await createAdmin();
    const student = await createStudentWithPassword();
    const phone = await signIn(student.email);
    const laptop = await signIn(student.email);
    const onPhone = await readSessionUser(new Headers({ cookie: phone }));
    const onLaptop = await readSessionUser(new Headers({ cookie: laptop }));
    expect(onPhone?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(onLaptop?.sessionId).not.toBe(onPhone?.sessionId);
    if (!onPhone || !onLaptop) throw new Error("not signed in");
    await expect(getStudentTickets(onPhone, {})).resolves.toMatchObject({ items: [] });

    // The phone's session is revoked from the laptop (better-auth deletes its row).
    await testPool().query("delete from sessions where id = $1", [onPhone.sessionId]);
    // The phone's signed cookie still names the student (that is the cache)…
    expect((await readSessionUser(new Headers({ cookie: phone })))?.id).toBe(student.id);
    // …but nothing runs for it: "session ended", which makes the error page sign the browser out.
    const refused = await getStudentTickets(onPhone, {}).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "UNAUTHENTICATED", digest: SESSION_ENDED_DIGEST });
    // The laptop's session goes on; a session is only good for the account it belongs to.
    await expect(getStudentTickets(onLaptop, {})).resolves.toMatchObject({ items: [] });
    await expect(
      withUser({ id: admin.id, sessionId: onLaptop.sessionId }, async (tx) => tx.execute(sql`select 1`)),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    // A session past its expiry is over too, cookie or not.
    await testPool().query("update sessions set expires_at = now() - interval '1 second' where id = $1", [
      onLaptop.sessionId,
    ]);
    await expect(getStudentTickets(onLaptop, {})).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("sign-out deletes the cache cookie with the session: the browser is signed out at once", async () => {
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    const signedOut = await authRequest("/sign-out", {}, { cookie });
    expect(signedOut.status).toBe(200);
    const setCookies = signedOut.headers.getSetCookie();
    expect(setCookies).toContainEqual(expect.stringMatching(/^better-auth\.session_data=;.*Max-Age=0/i));
    expect(setCookies).toContainEqual(expect.stringMatching(/^better-auth\.session_token=;.*Max-Age=0/i));
    const browserCookie = applySetCookies(cookie, setCookies);
    expect(browserCookie).not.toContain("session_");
    expect(await sessionUserId(browserCookie)).toBeNull();
    expect(await storedRows("select id from sessions where user_id = $1", [student.id])).toHaveLength(0);
  });

  it("off with AUTH_SESSION_CACHE_SECONDS=0: no cache cookie, every read goes to the table", async () => {
    restoreEnv();
    restoreEnv = setEnv({ AUTH_SESSION_CACHE_SECONDS: "0" });
    resetAuth();
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    expect(cookie).not.toContain("session_data");
    await revokeSessionsOf(student.id);
    expect(await sessionUserId(cookie)).toBeNull();
  });
});

describe("the proxy's renewal of the cache", () => {
  it("renews a missing cache from the table, and leaves a fresh one alone", async () => {
    // A long max age here: "fresh" must not depend on how fast this machine signs in.
    restoreEnv();
    restoreEnv = setEnv({ AUTH_SESSION_CACHE_SECONDS: "60" });
    resetAuth();
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    expect(sessionCacheNeedsRenewal(new Headers({ cookie }))).toBe(false);
    const stale = withoutCache(cookie);
    expect(sessionCacheNeedsRenewal(new Headers({ cookie: stale }))).toBe(true);
    const renewed = await renewSessionCache(new Headers({ cookie: stale }));
    const pageCookie = applySetCookies(stale, renewed);
    expect(pageCookie).toContain("better-auth.session_data=");
    // The renewed cache serves the page without the table.
    await revokeSessionsOf(student.id);
    expect(await sessionUserId(pageCookie)).toBe(student.id);
  });

  it("renews a cache in the last part of its life (a client that keeps it past Max-Age too)", async () => {
    const student = await createStudentWithPassword();
    const cookie = await signIn(student.email);
    await sleep(MAX_AGE_SECONDS * 1000 * 0.85);
    expect(sessionCacheNeedsRenewal(new Headers({ cookie }))).toBe(true);
  });

  it("for a revoked session, hands the page and the browser the cookies' deletion", async () => {
    const student = await createStudentWithPassword();
    const stale = withoutCache(await signIn(student.email));
    await revokeSessionsOf(student.id);
    const renewed = await renewSessionCache(new Headers({ cookie: stale }));
    expect(renewed).toContainEqual(expect.stringMatching(/^better-auth\.session_token=;.*Max-Age=0/i));
    const pageCookie = applySetCookies(stale, renewed);
    expect(pageCookie).not.toContain("session_token");
    expect(await sessionUserId(pageCookie)).toBeNull();
  });
});
