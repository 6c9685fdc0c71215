/**
 * Issue 12: better-auth's own rate limit (sign-up, verification emails, session...) was kept in
 * memory, per process, keyed on an X-Forwarded-For the client wrote. It now counts in PostgreSQL
 * (rate_limit_counters, through src/server/security/rate-limiter.ts): two app processes share
 * the count, a restart keeps it, and only a trusted proxy's address separates clients.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { handleAuthRequest, resetAuth } from "@/server/auth/auth";
import { betterAuthRateLimitStorage } from "@/server/auth/auth-rate-limit";
import { createRateLimiter } from "@/server/security/rate-limiter";
import { createStudent } from "../factories";
import { asUser, testDatabaseUrl } from "../support/db";
import { APP_ORIGIN, setEnv } from "../support/security";

let restoreEnv: () => void = () => {};
const pools: pg.Pool[] = [];
afterEach(async () => {
  restoreEnv();
  resetAuth();
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

const newPool = () => {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  pools.push(pool);
  return pool;
};

/** better-auth's send-verification-email endpoint (3 per 60 s per client by its default rules). */
const askVerificationEmail = (headers: Record<string, string> = {}) =>
  handleAuthRequest(
    new Request(`${APP_ORIGIN}/api/auth/send-verification-email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN, ...headers },
      body: JSON.stringify({ email: `personne-${randomUUID()}@exemple.test` }),
    }),
  );

describe("better-auth's rate limit in PostgreSQL", () => {
  it("answers 429 past its limit over HTTP, per trusted client address; a forged X-Forwarded-For changes nothing", async () => {
    restoreEnv = setEnv({ AUTH_RATE_LIMIT: "true", TRUST_PROXY: "1" });
    resetAuth();
    const attacker = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // The client writes a new address each time; our proxy appends the one it saw.
      const response = await askVerificationEmail({ "x-forwarded-for": `203.0.113.${i}, ${attacker}` });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(3)).toEqual([429, 429]);
    // Another client behind the same proxy is not affected.
    const other = await askVerificationEmail({ "x-forwarded-for": `${attacker.replace(/\.7$/, ".8")}` });
    expect(other.status).not.toBe(429);
    // A client cannot pose as the trusted address by sending our internal header.
    const forged = await askVerificationEmail({
      "x-forwarded-for": attacker.replace(/\.7$/, ".9"),
      "x-app-client-address": "198.51.100.1",
    });
    expect(forged.status).not.toBe(429);
  });

  it("is off when AUTH_RATE_LIMIT=false", async () => {
    restoreEnv = setEnv({ AUTH_RATE_LIMIT: "false", TRUST_PROXY: "1" });
    resetAuth();
    const address = `10.200.${Math.floor(Math.random() * 250)}.1`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await askVerificationEmail({ "x-forwarded-for": address })).status);
    expect(statuses).not.toContain(429);
  });

  it("two app processes (two pools) share the count, and a restart (a fresh pool) still sees it", async () => {
    const key = `198.51.100.${Math.floor(Math.random() * 250)}|/sign-up/email-${randomUUID()}`;
    const rule = { window: 60, max: 3 };
    const first = betterAuthRateLimitStorage(() => createRateLimiter(newPool()));
    const second = betterAuthRateLimitStorage(() => createRateLimiter(newPool()));
    expect((await first.consume(key, rule)).allowed).toBe(true);
    expect((await second.consume(key, rule)).allowed).toBe(true);
    expect((await first.consume(key, rule)).allowed).toBe(true);
    const refused = await second.consume(key, rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(0);
    const restarted = betterAuthRateLimitStorage(() => createRateLimiter(newPool()));
    expect((await restarted.consume(key, rule)).allowed).toBe(false);
    expect((await restarted.consume(`${key}-other`, rule)).allowed).toBe(true);
  });

  it("lets exactly the limit through among parallel requests", async () => {
    const storage = betterAuthRateLimitStorage(() => createRateLimiter(newPool()));
    const key = `parallel-${randomUUID()}`;
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => storage.consume(key, { window: 60, max: 4 })));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(4);
  });

  it("keeps no client address in clear, and the request roles cannot read the counters", async () => {
    const storage = betterAuthRateLimitStorage(() => createRateLimiter(newPool()));
    await storage.consume("192.0.2.77|/sign-up/email", { window: 60, max: 3 });
    const pool = newPool();
    const rows = await pool.query<{ key: string }>("select key from rate_limit_counters where key like 'auth:%'");
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.some((row) => row.key.includes("192.0.2.77"))).toBe(false);
    const student = await createStudent();
    expect(await asUser(student.id, "select key from rate_limit_counters")).toMatchObject({ ok: false, code: "42501" });
  });
});
