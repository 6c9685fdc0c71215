/**
 * Issue 19, found 2: while PostgreSQL was unreachable, 873 of 880 failed API requests were an
 * empty 500 (the upload routes read the session outside their error handling). Now every route
 * handler answers 503 { ok: false, code: "UNAVAILABLE", message } with Retry-After, actions
 * return the same as a TActionError, and the session lookup's error carries the digest the
 * error page reads. The app's pool is pointed at a closed port (nothing listens: ECONNREFUSED),
 * or its backend is terminated mid-transaction (57P01, then "Connection terminated").
 * Ordinary query errors keep their codes.
 */
import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { handleAttachmentFile, handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { closeTicketAction } from "@/features/tickets/actions/student-actions";
import { handleAddMessageUpload, handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { resetAuth } from "@/server/auth/auth";
import { getSessionUser } from "@/server/auth/session";
import { closeDb } from "@/server/db/client";
import { withUser } from "@/server/db/with-user";
import { resetEnvCache } from "@/server/env";
import { AppError, toAppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-response";
import { createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { signInAs, useLocale } from "../support/actions";
import { TICKET_FIELDS } from "../support/attachment-requests";
import { pointAppAtTestDatabase, testPool } from "../support/db";
import { multipartRequest, textFields } from "../support/uploads";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

const UNAVAILABLE_FR = "Le service est momentanément indisponible. Réessayez dans quelques instants.";
const UNAVAILABLE_EN = "The service is temporarily unavailable. Try again in a few moments.";

let student: TUserRow;
let ticketId: string;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The app's pool (and better-auth's, the same) now connects to a closed port. */
async function takeDatabaseAway(): Promise<void> {
  await closeDb();
  resetAuth();
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await closedPort()}/gone`;
  resetEnvCache();
}

async function bringDatabaseBack(): Promise<void> {
  await closeDb();
  resetAuth();
  pointAppAtTestDatabase();
  delete process.env.UNAVAILABLE_RETRY_AFTER_SECONDS;
  resetEnvCache();
}

beforeAll(async () => {
  student = await createStudent();
  ticketId = (await createTicket({ userId: student.id })).id;
});
afterEach(async () => {
  useLocale("fr-CA");
  await bringDatabaseBack();
});

const upload = (path: string, fields: Record<string, string>, locale = "fr-CA") =>
  multipartRequest(path, textFields(fields), { headers: { "accept-language": locale } });

async function answerOf(response: Response) {
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    cacheControl: response.headers.get("cache-control"),
    body: (await response.json()) as unknown,
  };
}

describe("while the database is unreachable (a closed port)", () => {
  it("POST /api/tickets: the session lookup fails inside the handler → 503 UNAVAILABLE, Retry-After 5", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    const answer = await answerOf(
      await handleCreateTicketUpload(upload("/api/tickets", TICKET_FIELDS), getSessionUser),
    );
    expect(answer).toEqual({
      status: 503,
      retryAfter: "5",
      cacheControl: "private, no-store",
      body: { ok: false, code: "UNAVAILABLE", message: UNAVAILABLE_FR },
    });
  });

  it("POST /api/tickets/{id}/messages: 503 in the request's locale; Retry-After follows UNAVAILABLE_RETRY_AFTER_SECONDS", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    process.env.UNAVAILABLE_RETRY_AFTER_SECONDS = "17";
    resetEnvCache();
    const request = upload(`/api/tickets/${ticketId}/messages`, { message: "Toujours là ?" }, "en");
    const answer = await answerOf(await handleAddMessageUpload(request, ticketId, getSessionUser));
    expect(answer).toEqual({
      status: 503,
      retryAfter: "17",
      cacheControl: "private, no-store",
      body: { ok: false, code: "UNAVAILABLE", message: UNAVAILABLE_EN },
    });
  });

  it("a signed-in user passed in (the session already read) still gets 503 from the write", async () => {
    await takeDatabaseAway();
    const answer = await answerOf(
      await handleCreateTicketUpload(upload("/api/tickets", TICKET_FIELDS), sessionUserOf(student)),
    );
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe("5");
    expect(answer.body).toEqual({ ok: false, code: "UNAVAILABLE", message: UNAVAILABLE_FR });
  });

  it("downloads answer 503 as text, with Retry-After", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    const request = new Request(`http://localhost:3100/api/attachments/${ticketId}`, {
      headers: { "accept-language": "fr-CA" },
    });
    for (const response of [
      await handleAttachmentRedirect(request, ticketId, getSessionUser),
      await handleAttachmentFile(request, ticketId, getSessionUser),
    ]) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.text()).toBe(UNAVAILABLE_FR);
    }
  });

  it("a server action returns UNAVAILABLE as its TActionError", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    expect(await closeTicketAction({ ticketId })).toEqual({
      serverError: { code: "UNAVAILABLE", message: UNAVAILABLE_FR },
    });
  });

  it("pages: the session lookup throws AppError UNAVAILABLE whose digest the error page reads", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    const error = await getSessionUser().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", digest: "UNAVAILABLE" });
  });

  it("and once it is back, the same request succeeds", async () => {
    await signInAs(student);
    await takeDatabaseAway();
    expect((await handleCreateTicketUpload(upload("/api/tickets", TICKET_FIELDS), getSessionUser)).status).toBe(503);
    await bringDatabaseBack();
    expect((await handleCreateTicketUpload(upload("/api/tickets", TICKET_FIELDS), getSessionUser)).status).toBe(200);
  });
});

describe("a backend terminated mid-transaction, and ordinary errors", () => {
  it("a connection lost during the work is UNAVAILABLE (503 + Retry-After)", async () => {
    const error = await withUser(student.id, async (tx) => {
      const pid = (await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]?.pid;
      await testPool().query("select pg_terminate_backend($1)", [pid]);
      return tx.execute(sql`select 1`);
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(toAppError(error).code).toBe("UNAVAILABLE");
    const response = errorResponse(error, "fr-CA");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ ok: false, code: "UNAVAILABLE", message: UNAVAILABLE_FR });
  });

  it.each([
    ["a division by zero (22012)", sql`select 1 / 0`, "INTERNAL"],
    ["a missing table (42P01)", sql`select * from public.no_such_table`, "INTERNAL"],
    ["a malformed uuid (22P02)", sql`select 'x'::uuid`, "VALIDATION"],
    [
      "a row-level security refusal (42501)",
      sql`insert into public.courses (code, title, subject) values ('x', 'x', 'x')`,
      "FORBIDDEN",
    ],
  ])("%s keeps its own code", async (_label, query, code) => {
    const error = await withUser(student.id, (tx) => tx.execute(query)).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(toAppError(error).code).toBe(code);
    expect(errorResponse(error, "fr-CA").headers.get("retry-after")).toBeNull();
  });
});
