/**
 * Issue 12, found 6: ticket creation, replies and upload bytes are limited per user in
 * PostgreSQL. Over a limit the upload routes answer 429 with Retry-After and a translated
 * message, before a byte of the body is read and with nothing written; two app processes (two
 * pools) share the counts.
 */
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleAddMessageUpload, handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { createRateLimiter, type TRateRule } from "@/server/security/rate-limiter";
import { createAdmin, createStudent, createTicket, sessionUserOf } from "../factories";
import { TICKET_FIELDS } from "../support/attachment-requests";
import { tinyPdf } from "../support/attachment-samples";
import { asAnon, asUser, testDatabaseUrl } from "../support/db";
import { awayFromMinuteEnd, setEnv } from "../support/security";
import { footprintOf, storedRows } from "../support/tickets";
import { multipartRequest, type TPart, textFields } from "../support/uploads";

let restoreEnv: () => void = () => {};
afterEach(() => restoreEnv());

/** A real PDF padded to about `n` KiB (the type check reads its first bytes). */
const kib = (n: number): TPart => {
  const pdf = tinyPdf();
  const content = new Uint8Array(n * 1024);
  content.set(pdf);
  content.fill(0x20, pdf.length);
  return { fileName: "releve.pdf", content };
};

/** A browser's request: a FormData body always carries its Content-Length. */
async function uploadRequest(url: string, parts: TPart[], language = "fr-CA"): Promise<Request> {
  const streamed = multipartRequest(url, parts, { headers: { "accept-language": language } });
  const body = new Uint8Array(await streamed.arrayBuffer());
  const headers = new Headers(streamed.headers);
  headers.set("content-length", String(body.byteLength));
  return new Request(streamed.url, { method: "POST", headers, body });
}

async function createTicketAs(user: ReturnType<typeof sessionUserOf>, files: TPart[] = [], language = "fr-CA") {
  const response = await handleCreateTicketUpload(
    await uploadRequest("/api/tickets", [...textFields(TICKET_FIELDS), ...files], language),
    user,
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
}

async function replyAs(user: ReturnType<typeof sessionUserOf>, ticketId: string, files: TPart[] = []) {
  const response = await handleAddMessageUpload(
    await uploadRequest(`/api/tickets/${ticketId}/messages`, [...textFields({ message: "Merci" }), ...files]),
    ticketId,
    user,
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
}

describe("ticket creation", () => {
  beforeEach(() => {
    restoreEnv = setEnv({ RATE_LIMIT_TICKETS_PER_MINUTE: "3", RATE_LIMIT_TICKETS_PER_DAY: "5" });
  });

  it("the request over the per-minute limit answers 429 with Retry-After and the message, and writes nothing", async () => {
    const student = await createStudent();
    const asStudent = sessionUserOf(student);
    await awayFromMinuteEnd();
    for (let i = 0; i < 3; i++) expect((await createTicketAs(asStudent)).status).toBe(200);
    const before = await footprintOf(student.id);
    const refused = await createTicketAs(asStudent);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({
      ok: false,
      code: "RATE_LIMITED",
      message: "Vous avez créé beaucoup de demandes en peu de temps. Réessayez dans 1 minute.",
    });
    expect(await footprintOf(student.id)).toEqual(before);
    const english = await createTicketAs(asStudent, [], "en");
    expect(english.body.message).toBe("You have created many requests in a short time. Try again in 1 minute.");
    // Another student is not affected.
    expect((await createTicketAs(sessionUserOf(await createStudent()))).status).toBe(200);
  });

  it("the daily limit holds when the minute starts over, with its wait in hours", async () => {
    const student = await createStudent();
    const asStudent = sessionUserOf(student);
    restoreEnv();
    restoreEnv = setEnv({ RATE_LIMIT_TICKETS_PER_MINUTE: "100", RATE_LIMIT_TICKETS_PER_DAY: "2" });
    for (let i = 0; i < 2; i++) expect((await createTicketAs(asStudent)).status).toBe(200);
    const refused = await createTicketAs(asStudent);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(24 * 3600);
    expect(refused.body.message).toMatch(
      /^Vous avez créé beaucoup de demandes en peu de temps\. Réessayez dans \d+ (minutes?|heures?)\.$/,
    );
  });
});

describe("replies", () => {
  it("a student's replies are limited; an admin's are not", async () => {
    restoreEnv = setEnv({ RATE_LIMIT_REPLIES_PER_MINUTE: "2" });
    const student = await createStudent();
    const admin = sessionUserOf(await createAdmin());
    const ticket = await createTicket({ userId: student.id });
    const asStudent = sessionUserOf(student);
    await awayFromMinuteEnd();
    expect((await replyAs(asStudent, ticket.id)).status).toBe(200);
    expect((await replyAs(asStudent, ticket.id)).status).toBe(200);
    const before = await footprintOf(student.id);
    const refused = await replyAs(asStudent, ticket.id);
    expect({ status: refused.status, code: refused.body.code, message: refused.body.message }).toEqual({
      status: 429,
      code: "RATE_LIMITED",
      message: "Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans 1 minute.",
    });
    expect(await footprintOf(student.id)).toEqual(before);
    for (let i = 0; i < 4; i++) expect((await replyAs(admin, ticket.id)).status).toBe(200);
  });
});

describe("upload bytes per day", () => {
  it("counts every role's bytes, refuses the upload that would go over, and gives back a failed upload's bytes", async () => {
    restoreEnv = setEnv({ UPLOAD_QUOTA_BYTES_PER_DAY: String(1024 * 1024) });
    const student = await createStudent();
    const asStudent = sessionUserOf(student);
    expect((await createTicketAs(asStudent, [kib(600)])).status).toBe(200);
    const refused = await createTicketAs(asStudent, [kib(600)]);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(
      /^Vous avez atteint la limite de fichiers envoyés pour aujourd'hui\. Réessayez dans \d+ (minutes?|heures?)\.$/,
    );
    // A failed upload (a refused file type) spends no bytes: a small file still fits after it.
    const failed = await createTicketAs(asStudent, [{ fileName: "outil.exe", content: new Uint8Array(300 * 1024) }]);
    expect(failed.status).toBe(415);
    expect((await createTicketAs(asStudent, [kib(300)])).status).toBe(200);

    const admin = sessionUserOf(await createAdmin());
    const ticket = await createTicket({ userId: student.id });
    expect((await replyAs(admin, ticket.id, [kib(600)])).status).toBe(200);
    expect((await replyAs(admin, ticket.id, [kib(600)])).status).toBe(429);
  });
});

describe("the counters", () => {
  const pools: pg.Pool[] = [];
  const newProcessPool = () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => {})));
  });
  const rule = (max: number): TRateRule => ({ name: "test", max, windowSeconds: 3600, cost: 1 });

  it("are shared by two app processes (two pools), and parallel requests let exactly the limit through", async () => {
    const subject = `test:${crypto.randomUUID()}`;
    const processA = createRateLimiter(newProcessPool());
    const processB = createRateLimiter(newProcessPool());
    expect((await processA.consume(subject, [rule(3)])).allowed).toBe(true);
    expect((await processB.consume(subject, [rule(3)])).allowed).toBe(true);
    expect((await processA.consume(subject, [rule(3)])).allowed).toBe(true);
    expect(await processB.consume(subject, [rule(3)])).toMatchObject({ allowed: false, rule: "test" });

    const parallel = `test:${crypto.randomUUID()}`;
    const verdicts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? processA : processB).consume(parallel, [rule(5)])),
    );
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
  });

  it("spend all the rules or none", async () => {
    const subject = `test:${crypto.randomUUID()}`;
    const limiter = createRateLimiter(newProcessPool());
    const rules = [rule(10), { ...rule(1), name: "tight" }];
    expect((await limiter.consume(subject, rules)).allowed).toBe(true);
    expect((await limiter.consume(subject, rules)).allowed).toBe(false);
    const rows = await storedRows<{ key: string; used: string }>(
      "select key, used::text from rate_limit_counters where key like $1 order by key",
      [`${subject}:%`],
    );
    expect(rows).toEqual([
      { key: `${subject}:test`, used: "1" },
      { key: `${subject}:tight`, used: "1" },
    ]);
  });

  it("are out of reach of the request roles", async () => {
    for (const statement of [
      "select * from rate_limit_counters",
      "delete from rate_limit_counters",
      "insert into rate_limit_counters (key, window_start, expires_at) values ('x', now(), now())",
    ]) {
      expect(await asUser(crypto.randomUUID(), statement)).toMatchObject({ ok: false, code: "42501" });
      expect(await asAnon(statement)).toMatchObject({ ok: false, code: "42501" });
    }
  });
});
