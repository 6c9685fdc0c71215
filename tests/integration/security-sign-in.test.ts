/**
 * Issue 12, found 1: password guessing. Both sign-in paths (better-auth's HTTP endpoint and the
 * in-process auth.api.signInEmail() call the sign-in page's server action makes) are limited per
 * account and per trusted client address, in PostgreSQL: the count is shared by app processes
 * (two pools) and survives a restart (a fresh pool).
 */
import { createHash, randomUUID } from "node:crypto";
import { isAPIError } from "better-auth/api";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAuth } from "@/server/auth/auth";
import { createSignInLimiter, type TSignInLimits } from "@/server/auth/sign-in-limiter";
import { asServiceRole, testDatabaseUrl } from "../support/db";
import { authRequest, createStudentWithPassword, RIGHT_PASSWORD, setEnv } from "../support/security";

const MAX = 5;
let restoreEnv: () => void = () => {};
beforeEach(() => {
  restoreEnv = setEnv({
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: String(MAX),
    SIGN_IN_MAX_FAILURES_PER_ADDRESS: "8",
    TRUST_PROXY: undefined,
  });
});
afterEach(() => restoreEnv());

/** What the sign-in page's server action does: better-auth's API, called in-process. */
async function signInInProcess(email: string, password: string, headers: Record<string, string> = {}) {
  try {
    await getAuth().api.signInEmail({
      body: { email, password },
      headers: new Headers({ "accept-language": "fr-CA", ...headers }),
    });
    return { status: 200, message: "" };
  } catch (error) {
    if (!isAPIError(error)) throw error;
    return { status: error.statusCode, message: error.message };
  }
}

const signInHttp = async (email: string, password: string, headers: Record<string, string> = {}) => {
  const response = await authRequest("/sign-in/email", { email, password }, headers);
  const body = (await response.json()) as { message?: string };
  return { status: response.status, message: body.message ?? "", retryAfter: response.headers.get("retry-after") };
};

const rotatingAddress = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;

describe("sign-in brute force", () => {
  it("in-process (server action path): after 5 wrong passwords the right one is refused while locked", async () => {
    const student = await createStudentWithPassword();
    for (let i = 0; i < MAX; i++) {
      expect((await signInInProcess(student.email, `faux-${i}-mot-de-passe`)).status).toBe(401);
    }
    const locked = await signInInProcess(student.email, RIGHT_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.message).toMatch(/^Trop de tentatives de connexion\. Réessayez dans 1 minute\.$/);
  });

  it("HTTP endpoint: a new X-Forwarded-For on every request does not bypass the account lock", async () => {
    const student = await createStudentWithPassword();
    for (let i = 0; i < MAX; i++) {
      const answer = await signInHttp(student.email, `faux-${i}`, { "x-forwarded-for": rotatingAddress() });
      expect(answer.status).toBe(401);
    }
    const locked = await signInHttp(student.email, RIGHT_PASSWORD, {
      "x-forwarded-for": rotatingAddress(),
      "accept-language": "en",
    });
    expect(locked.status).toBe(429);
    expect(locked.message).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
  });

  it("the two paths count together, and a success starts the account over", async () => {
    const student = await createStudentWithPassword();
    for (let i = 0; i < MAX - 2; i++) expect((await signInHttp(student.email, "faux")).status).toBe(401);
    expect((await signInInProcess(student.email, RIGHT_PASSWORD)).status).toBe(200);
    for (let i = 0; i < MAX - 1; i++) expect((await signInInProcess(student.email, "faux")).status).toBe(401);
    expect((await signInHttp(student.email, RIGHT_PASSWORD)).status).toBe(200);
    for (let i = 0; i < MAX; i++) expect((await signInInProcess(student.email, "faux")).status).toBe(401);
    expect((await signInInProcess(student.email, RIGHT_PASSWORD)).status).toBe(429);
  });

  it("behind a trusted proxy, one address guessing across accounts is locked; the client's own entries change nothing", async () => {
    restoreEnv();
    restoreEnv = setEnv({
      TRUST_PROXY: "1",
      SIGN_IN_MAX_FAILURES_PER_ADDRESS: "4",
      SIGN_IN_MAX_FAILURES_PER_ACCOUNT: "50",
    });
    const attacker = "198.51.100.7";
    for (let i = 0; i < 4; i++) {
      // The client writes whatever it likes on the left; the proxy appends what it saw.
      const headers = { "x-forwarded-for": `${rotatingAddress()}, ${attacker}` };
      expect((await signInHttp(`inconnu-${randomUUID()}@exemple.test`, "faux", headers)).status).toBe(401);
    }
    const victim = await createStudentWithPassword();
    const fromAttacker = { "x-forwarded-for": `${rotatingAddress()}, ${attacker}` };
    expect((await signInInProcess(victim.email, RIGHT_PASSWORD, fromAttacker)).status).toBe(429);
    // Another client, behind the same proxy, is not held back by the attacker's lock.
    expect((await signInHttp(victim.email, RIGHT_PASSWORD, { "x-forwarded-for": "192.0.2.44" })).status).toBe(200);
  });

  it("without TRUST_PROXY, X-Forwarded-For is never read (no per-address key an attacker could choose)", async () => {
    const address = "192.0.2.99";
    for (let i = 0; i < 3; i++) {
      await signInHttp(`inconnu-${randomUUID()}@exemple.test`, "faux", { "x-forwarded-for": address });
    }
    const rows = await asServiceRole("select key from sign_in_throttle where key = $1", [`address:${address}`]);
    expect(rows.ok && rows.rows).toEqual([]);
  });
});

describe("the count lives in PostgreSQL", () => {
  const limits: TSignInLimits = {
    maxFailuresPerAccount: 4,
    maxFailuresPerAddress: 100,
    lockSeconds: 60,
    maxLockSeconds: 900,
    windowSeconds: 3600,
  };
  const pools: pg.Pool[] = [];
  const newProcessPool = () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
  });

  it("two app processes (two pools) share the count, and a restart (a fresh pool) still sees the lock", async () => {
    const identity = { email: `partage-${randomUUID()}@exemple.test`, address: "192.0.2.10" };
    const processA = createSignInLimiter(newProcessPool(), limits);
    const processB = createSignInLimiter(newProcessPool(), limits);
    expect(await processA.attempt(identity)).toEqual({ allowed: true });
    expect(await processB.attempt(identity)).toEqual({ allowed: true });
    expect(await processA.attempt(identity)).toEqual({ allowed: true });
    expect(await processB.attempt(identity)).toEqual({ allowed: true });
    const refused = await processA.attempt(identity);
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(55);

    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    const restarted = createSignInLimiter(newProcessPool(), limits);
    expect(await restarted.attempt(identity)).toMatchObject({ allowed: false });
  });

  it("parallel guesses cannot all slip past the count", async () => {
    const identity = { email: `parallele-${randomUUID()}@exemple.test`, address: null };
    const limiters = [createSignInLimiter(newProcessPool(), limits), createSignInLimiter(newProcessPool(), limits)];
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (limiters[i % 2] ?? limiters[0])?.attempt(identity)),
    );
    expect(verdicts.filter((verdict) => verdict?.allowed)).toHaveLength(limits.maxFailuresPerAccount);
  });

  it("locks grow with each failure after the limit", async () => {
    const pool = newProcessPool();
    const identity = { email: `progressif-${randomUUID()}@exemple.test`, address: null };
    const limiter = createSignInLimiter(pool, limits);
    for (let i = 0; i < limits.maxFailuresPerAccount; i++) await limiter.attempt(identity);
    const key = `account:${createHash("sha256").update(identity.email).digest("hex")}`;
    const lockOf = async () => {
      const { rows } = await pool.query<{ seconds: number }>(
        "select extract(epoch from locked_until - last_attempt_at)::int as seconds from sign_in_throttle where key = $1",
        [key],
      );
      return rows[0]?.seconds;
    };
    expect(await lockOf()).toBe(60);
    // The lock ends: the next failure locks for twice as long.
    await pool.query("update sign_in_throttle set locked_until = now() - interval '1 second' where key = $1", [key]);
    expect(await limiter.attempt(identity)).toEqual({ allowed: true });
    expect(await lockOf()).toBe(120);
  });

  it("forgets rows past the window that hold no lock", async () => {
    const pool = newProcessPool();
    const stale = `account:stale-${randomUUID()}`;
    const staleButLocked = `account:locked-${randomUUID()}`;
    await pool.query(
      `insert into sign_in_throttle (key, failures, last_attempt_at, locked_until) values
         ($1, 3, now() - interval '2 hours', null),
         ($2, 9, now() - interval '2 hours', now() + interval '10 minutes')`,
      [stale, staleButLocked],
    );
    const limiter = createSignInLimiter(pool, limits, { cleanupProbability: 1 });
    await limiter.attempt({ email: `nettoyage-${randomUUID()}@exemple.test`, address: null });
    const { rows } = await pool.query<{ key: string }>("select key from sign_in_throttle where key = any($1)", [
      [stale, staleButLocked],
    ]);
    expect(rows.map((row) => row.key)).toEqual([staleButLocked]);
  });

  it("is out of reach of the request roles", async () => {
    const outcome = await asServiceRole("select 1");
    expect(outcome.ok).toBe(true);
    const { asUser } = await import("../support/db");
    const asStudent = await asUser(randomUUID(), "select * from sign_in_throttle");
    expect(asStudent).toMatchObject({ ok: false, code: "42501" });
  });
});
