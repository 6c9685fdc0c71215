/**
 * Issue 19, found 4: a client that retried after a cut-off commit created a second ticket or
 * message. With an Idempotency-Key, POST /api/tickets and POST /api/tickets/{id}/messages run
 * once per key and user: a repeat of the same request gets the first answer (same status and
 * body, Idempotent-Replayed: true) with no second row, event or webhook and its own files
 * removed; the same key for another request is 422; two at once make exactly one write (the
 * second waits for the first's commit); another user's key never matches; a failed write
 * records nothing. Keys are stored under RLS and deleted after 24 h.
 */
import { describe, expect, it } from "vitest";
import { handleAddMessageUpload, handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import type { TSessionUser } from "@/server/auth/session";
import { deleteExpiredIdempotencyKeys } from "@/server/idempotency";
import { createAdmin, createStudent, createTicket, sessionUserOf } from "../factories";
import { file, TICKET_FIELDS, type TJson } from "../support/attachment-requests";
import { PNG_1x1, tinyPdf } from "../support/attachment-samples";
import { runAs, testPool } from "../support/db";
import { storedRow } from "../support/tickets";
import {
  multipartRequest,
  storedKeys,
  useStorageDriver as storeFilesLocally,
  type TPart,
  textFields,
} from "../support/uploads";

// Every describe below stores files in a temporary folder.
storeFilesLocally("local");

type TAnswer = { status: number; replayed: string | null; body: TJson & { data?: Record<string, unknown> } };

async function answerOf(response: Response): Promise<TAnswer> {
  return {
    status: response.status,
    replayed: response.headers.get("idempotent-replayed"),
    body: (await response.json()) as TAnswer["body"],
  };
}

function postTicket(user: TSessionUser, key: string | null, fields = TICKET_FIELDS, files: TPart[] = []) {
  const headers: Record<string, string> = key === null ? {} : { "idempotency-key": key };
  return handleCreateTicketUpload(
    multipartRequest("/api/tickets", [...textFields(fields), ...files], { headers }),
    user,
  ).then(answerOf);
}

function postMessage(user: TSessionUser, ticketId: string, key: string, message: string, files: TPart[] = []) {
  return handleAddMessageUpload(
    multipartRequest(`/api/tickets/${ticketId}/messages`, [...textFields({ message, isInternal: "false" }), ...files], {
      headers: { "idempotency-key": key },
    }),
    ticketId,
    user,
  ).then(answerOf);
}

const newKey = () => `test-${crypto.randomUUID()}`;

const countsOf = (userId: string) =>
  storedRow<{ tickets: number; messages: number; events: number; webhooks: number; files: number }>(
    `select (select count(*) from support_tickets where user_id = $1)::int as tickets,
            (select count(*) from ticket_messages where user_id = $1)::int as messages,
            (select count(*) from ticket_events where actor_id = $1)::int as events,
            (select count(*) from webhook_events w join support_tickets t on t.id = w.ticket_id where t.user_id = $1)::int as webhooks,
            (select count(*) from ticket_attachments where uploaded_by = $1)::int as files`,
    [userId],
  );

describe("POST /api/tickets with an Idempotency-Key", () => {
  it("a repeat of the same request answers the first answer: one ticket, one event, one webhook, no extra file", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    const files = [file("recu.png", PNG_1x1)];
    const first = await postTicket(student, key, TICKET_FIELDS, files);
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    expect(first.body).toEqual({ ok: true, data: { id: expect.any(String), number: expect.any(Number) } });
    const after = await countsOf(student.id);
    const objects = await storedKeys();

    const repeat = await postTicket(student, key, TICKET_FIELDS, files);
    expect(repeat).toEqual({ status: 200, replayed: "true", body: first.body });
    expect(await countsOf(student.id)).toEqual(after);
    // created + attachment_added in the history; one ticket.created webhook.
    expect(after).toEqual({ tickets: 1, messages: 0, events: 2, webhooks: 1, files: 1 });
    // The repeat's own upload was stored under another ticket id, then removed.
    expect(await storedKeys()).toEqual(objects);
  });

  it("the same key with another request is 422 (translated), and writes nothing", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    expect((await postTicket(student, key)).status).toBe(200);
    const after = await countsOf(student.id);
    const objects = await storedKeys();

    const otherText = await postTicket(student, key, { ...TICKET_FIELDS, subject: "Un tout autre sujet" });
    expect(otherText).toEqual({
      status: 422,
      replayed: null,
      body: {
        ok: false,
        code: "VALIDATION",
        message:
          "Cette clé d'idempotence (Idempotency-Key) a déjà servi pour une autre requête. Utilisez une nouvelle clé.",
      },
    });
    const otherFiles = await postTicket(student, key, TICKET_FIELDS, [file("piece.pdf", tinyPdf())]);
    expect(otherFiles.status).toBe(422);
    expect(await countsOf(student.id)).toEqual(after);
    expect(await storedKeys()).toEqual(objects);
  });

  it("two requests with one key at the same time make exactly one ticket; both get its answer", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    const answers = await Promise.all([postTicket(student, key), postTicket(student, key)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers[0]?.body).toEqual(answers[1]?.body);
    expect(answers.map((answer) => answer.replayed).sort()).toEqual(["true", null].sort());
    expect(await countsOf(student.id)).toMatchObject({ tickets: 1 });
  });

  it("keys are per user: another student's identical key creates that student's own ticket", async () => {
    const [one, two] = (await Promise.all([createStudent(), createStudent()])).map(sessionUserOf);
    if (!one || !two) throw new Error("no students");
    const key = newKey();
    const first = await postTicket(one, key);
    const second = await postTicket(two, key);
    expect(second.status).toBe(200);
    expect(second.replayed).toBeNull();
    expect(second.body.data?.id).not.toBe(first.body.data?.id);
    expect((await countsOf(two.id)).tickets).toBe(1);
  });

  it("a write that failed records nothing: the key runs again with a corrected request", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    const refused = await postTicket(student, key, { ...TICKET_FIELDS, category: "pas-une-categorie" });
    expect(refused.status).toBe(400);
    const corrected = await postTicket(student, key, { ...TICKET_FIELDS, category: "pas-une-categorie" });
    expect(corrected.status).toBe(400);
    expect(corrected.replayed).toBeNull();
    const fixed = await postTicket(student, key);
    expect(fixed.status).toBe(200);
    expect(fixed.replayed).toBeNull();
    expect((await countsOf(student.id)).tickets).toBe(1);
  });

  it("a malformed key is 400 (translated) before anything is stored; no key works as before", async () => {
    const student = sessionUserOf(await createStudent());
    for (const key of ["", "é", "a".repeat(256), "deux mots"]) {
      const answer = await postTicket(student, key);
      expect(answer.status, JSON.stringify(key)).toBe(400);
      expect(answer.body.message).toBe(
        "L'en-tête Idempotency-Key est invalide : il doit compter de 1 à 255 caractères ASCII visibles.",
      );
    }
    expect((await countsOf(student.id)).tickets).toBe(0);
    expect((await postTicket(student, null)).status).toBe(200);
    expect((await postTicket(student, null)).status).toBe(200);
    expect((await countsOf(student.id)).tickets).toBe(2);
  });
});

describe("POST /api/tickets/{id}/messages with an Idempotency-Key", () => {
  it("a repeated reply answers the first answer: one message, one webhook, no extra file", async () => {
    const student = sessionUserOf(await createStudent());
    const ticket = await createTicket({ userId: student.id });
    const key = newKey();
    const files = [file("capture.png", PNG_1x1)];
    const first = await postMessage(student, ticket.id, key, "Voici la capture demandée.", files);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true, data: { messageId: expect.any(String), status: "open" } });
    const after = await countsOf(student.id);
    const objects = await storedKeys();

    const repeat = await postMessage(student, ticket.id, key, "Voici la capture demandée.", files);
    expect(repeat).toEqual({ status: 200, replayed: "true", body: first.body });
    expect(await countsOf(student.id)).toEqual(after);
    expect(after).toMatchObject({ messages: 1, webhooks: 1, files: 1 });
    expect(await storedKeys()).toEqual(objects);

    const other = await postMessage(student, ticket.id, key, "Un autre message.");
    expect(other.status).toBe(422);
    // The same key on another ticket is another request too.
    const otherTicket = await createTicket({ userId: student.id });
    expect((await postMessage(student, otherTicket.id, key, "Voici la capture demandée.", files)).status).toBe(422);
    expect(await countsOf(student.id)).toEqual({ ...after, tickets: after.tickets + 1 });
  });

  it("a retry whose first attempt committed gets its answer even after the ticket was closed", async () => {
    const student = sessionUserOf(await createStudent());
    const ticket = await createTicket({ userId: student.id });
    const key = newKey();
    const first = await postMessage(student, ticket.id, key, "Merci, c'est réglé.");
    expect(first.status).toBe(200);
    await testPool().query("update support_tickets set status = 'closed' where id = $1", [ticket.id]);
    const retry = await postMessage(student, ticket.id, key, "Merci, c'est réglé.");
    expect(retry).toEqual({ status: 200, replayed: "true", body: first.body });
    // Without the key's answer, the closed ticket refuses as before.
    expect((await postMessage(student, ticket.id, newKey(), "Merci, c'est réglé.")).status).toBe(403);
  });

  it("two replies with one key at the same time make exactly one message (admin and student alike)", async () => {
    const admin = sessionUserOf(await createAdmin());
    const student = sessionUserOf(await createStudent());
    const ticket = await createTicket({ userId: student.id });
    const key = newKey();
    const answers = await Promise.all([
      postMessage(admin, ticket.id, key, "Nous regardons cela."),
      postMessage(admin, ticket.id, key, "Nous regardons cela."),
      postMessage(admin, ticket.id, key, "Nous regardons cela."),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect((await countsOf(admin.id)).messages).toBe(1);
  });
});

describe("public.idempotency_keys", () => {
  it("row-level security: a user sees only their own keys; anon sees nothing", async () => {
    const [one, two] = (await Promise.all([createStudent(), createStudent()])).map(sessionUserOf);
    if (!one || !two) throw new Error("no students");
    await postTicket(one, newKey());
    const seen = (userId: string) =>
      runAs({ role: "authenticated", userId }, async (client) =>
        (await client.query("select user_id from public.idempotency_keys")).rows.map((row) => row.user_id),
      );
    expect(await seen(one.id)).toEqual([one.id]);
    expect(await seen(two.id)).toEqual([]);
    const forged = await runAs({ role: "authenticated", userId: two.id }, (client) =>
      client
        .query("insert into public.idempotency_keys (user_id, key, request_hash) values ($1, 'k', 'h')", [one.id])
        .then(
          () => "inserted",
          (error: { code?: string }) => error.code,
        ),
    );
    expect(forged).toBe("42501");
    const anon = await runAs({ role: "anon" }, (client) =>
      client.query("select 1 from public.idempotency_keys").then(
        () => "read",
        (error: { code?: string }) => error.code,
      ),
    );
    expect(anon).toBe("42501");
  });

  it("keys older than 24 h are deleted by the hourly job, and free again meanwhile", async () => {
    const student = sessionUserOf(await createStudent());
    const oldKey = newKey();
    const fresh = newKey();
    const first = await postTicket(student, oldKey);
    await postTicket(student, fresh);
    await testPool().query(
      "update public.idempotency_keys set created_at = now() - interval '25 hours' where user_id = $1 and key = $2",
      [student.id, oldKey],
    );
    // Expired, not yet deleted: the key runs again as a new request.
    const again = await postTicket(student, oldKey);
    expect(again.replayed).toBeNull();
    expect(again.body.data?.id).not.toBe(first.body.data?.id);
    await testPool().query(
      "update public.idempotency_keys set created_at = now() - interval '25 hours' where user_id = $1 and key = $2",
      [student.id, oldKey],
    );
    const client = await testPool().connect();
    try {
      expect(await deleteExpiredIdempotencyKeys(client)).toBeGreaterThanOrEqual(1);
    } finally {
      client.release();
    }
    const left = await storedRow<{ keys: string[] }>(
      "select coalesce(array_agg(key), '{}') as keys from public.idempotency_keys where user_id = $1",
      [student.id],
    );
    expect(left.keys).toEqual([fresh]);
  });
});

describe("a request whose key another transaction holds", () => {
  /** Claims `key` for `userId` in a transaction left open, as a first request mid-write would. */
  async function holdKey(userId: string, key: string, requestHash: string) {
    const client = await testPool().connect();
    await client.query("begin");
    await client.query(
      "select set_config('request.jwt.claim.sub', $1, true), set_config('role', 'authenticated', true)",
      [userId],
    );
    await client.query("insert into public.idempotency_keys (user_id, key, request_hash) values ($1, $2, $3)", [
      userId,
      key,
      requestHash,
    ]);
    return {
      commitWith: async (body: unknown) => {
        await client.query(
          "update public.idempotency_keys set response_status = 200, response_body = $3::json where user_id = $1 and key = $2",
          [userId, key, JSON.stringify(body)],
        );
        await client.query("commit");
        client.release();
      },
      rollback: async () => {
        await client.query("rollback");
        client.release();
      },
    };
  }

  const settledWithin = (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

  it("waits for it to commit, then answers its recorded answer without writing", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    const { hashIdempotentRequest } = await import("@/server/idempotency");
    const hash = hashIdempotentRequest({ route: "POST /api/tickets", fields: TICKET_FIELDS, files: [] });
    const held = await holdKey(student.id, key, hash);
    const pending = postTicket(student, key);
    expect(await settledWithin(pending, 400)).toBe(false);
    const recorded = { ok: true, data: { id: "00000000-0000-4000-8000-000000000000", number: 1 } };
    await held.commitWith(recorded);
    expect(await pending).toEqual({ status: 200, replayed: "true", body: recorded });
    expect((await countsOf(student.id)).tickets).toBe(0);
  });

  it("waits for it to roll back, then runs itself", async () => {
    const student = sessionUserOf(await createStudent());
    const key = newKey();
    const held = await holdKey(student.id, key, "another request");
    const pending = postTicket(student, key);
    expect(await settledWithin(pending, 400)).toBe(false);
    await held.rollback();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.replayed).toBeNull();
    expect((await countsOf(student.id)).tickets).toBe(1);
  });
});
