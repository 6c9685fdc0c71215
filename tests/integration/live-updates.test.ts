/**
 * Live updates (issue 14): NOTIFY leaves only with a commit; each viewer's stream carries only
 * what RLS lets that viewer read (written like the RLS tests: several users, assertions on
 * what arrives); Last-Event-ID resumes; two hubs (two app processes, each with its own LISTEN
 * connection) both deliver to their own browsers.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllLiveStreams, LiveHub, openLiveStream, type TLiveSubscriber } from "@/features/live";
import { handleLiveListRows } from "@/features/tickets/handlers/live-list-handlers";
import { handleAddMessageUpload } from "@/features/tickets/handlers/upload-handlers";
import { addTicketMessage } from "@/features/tickets/service/add-ticket-message";
import { assignTicket } from "@/features/tickets/service/assign-ticket";
import { liveListRows, quickReplyContext, replyFromList } from "@/features/tickets/service/list-row-actions";
import { addTicketChangeConsumer } from "@/features/tickets/service/ticket-change-consumers";
import { updateTicketPriority } from "@/features/tickets/service/update-ticket-priority";
import { updateTicketStatus } from "@/features/tickets/service/update-ticket-status";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { testDatabaseUrl } from "../support/db";
import { storedRows } from "../support/tickets";
import { multipartRequest, textFields } from "../support/uploads";

type TFrame = { id: string | null; event: string; data: Record<string, unknown>; raw: string };

function parseFrames(chunks: string[]): TFrame[] {
  return chunks
    .filter((chunk) => chunk.includes("event: "))
    .map((raw) => {
      const id = /^id: (.*)$/m.exec(raw)?.[1] ?? null;
      const event = /^event: (.*)$/m.exec(raw)?.[1] ?? "";
      const data = JSON.parse(/^data: (.*)$/m.exec(raw)?.[1] ?? "{}") as Record<string, unknown>;
      return { id, event, data, raw };
    });
}

function recorder(user: TUserRow, ticketId: string | null = null) {
  const chunks: string[] = [];
  const subscriber: TLiveSubscriber = {
    viewer: { id: user.id, isAdmin: user.role === "admin" },
    ticketId,
    send: (chunk) => chunks.push(chunk),
  };
  return {
    subscriber,
    chunks,
    frames: () => parseFrames(chunks),
    tickets: () => parseFrames(chunks).filter((f) => f.event === "ticket"),
  };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for live events");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

let studentA: TUserRow;
let studentB: TUserRow;
let admin: TUserRow;
let asAdmin: TSessionUser;
let hubOne: LiveHub;
let hubTwo: LiveHub;

beforeAll(async () => {
  [studentA, studentB, admin] = await Promise.all([
    createStudent(),
    createStudent(),
    createAdmin({ firstName: "Gisèle", lastName: "Vachon-Admin" }),
  ]);
  asAdmin = sessionUserOf(admin);
  const options = { maxClients: 100, resumeWindowSeconds: 600 };
  hubOne = new LiveHub(testDatabaseUrl(), options);
  hubTwo = new LiveHub(testDatabaseUrl(), options);
  await Promise.all([hubOne.ready(), hubTwo.ready()]);
});

afterAll(async () => {
  await Promise.all([hubOne?.stop(), hubTwo?.stop()]);
});

describe("announce after commit", () => {
  it("a change that rolls back announces nothing; the same change committed announces once", async () => {
    const ticket = await createTicket({ userId: studentA.id, priority: "medium" });
    const listener = new pg.Client({ connectionString: testDatabaseUrl() });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => {
      if (n.payload?.includes(ticket.id)) heard.push(n.payload);
    });
    await listener.query("listen live_ticket_events");
    try {
      // A consumer after live's that fails: live's pg_notify ran, then the transaction rolls back.
      const remove = addTicketChangeConsumer({
        name: "test-failing",
        async handle() {
          throw new Error("boom after notify");
        },
      });
      await expect(updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "urgent" })).rejects.toThrow();
      remove();
      await settle();
      expect(heard).toEqual([]);

      await updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "urgent" });
      await until(() => heard.length === 1);
      const payload = JSON.parse(heard[0] as string);
      expect(Object.keys(payload).sort()).toEqual(["h", "t", "y"]);
      expect(payload).toMatchObject({ t: ticket.id, y: "priority_changed" });
    } finally {
      await listener.end();
    }
  });
});

describe("what each viewer's stream carries is what RLS lets them read", () => {
  it("a student gets only their own tickets' public events, with no note, priority, assignee or admin name", async () => {
    const ticketA = await createTicket({ userId: studentA.id, status: "open" });
    const ticketB = await createTicket({ userId: studentB.id, status: "open" });
    const a = recorder(studentA);
    const b = recorder(studentB);
    const adminView = recorder(admin, ticketA.id);
    const adminOnOtherProcess = recorder(admin);
    const offA = hubOne.subscribe(a.subscriber);
    const offB = hubOne.subscribe(b.subscriber);
    const offAdmin = hubOne.subscribe(adminView.subscriber);
    const offOther = hubTwo.subscribe(adminOnOtherProcess.subscriber);
    // Only this test's two tickets: a NOTIFY of the test before may still be on its way.
    const ours = (view: typeof adminView) =>
      view.tickets().filter((f) => f.data.ticketId === ticketA.id || f.data.ticketId === ticketB.id);
    try {
      const secretNote = "Note interne : remboursement refusé";
      const publicText = "Bonjour, nous regardons votre demande.";
      await addTicketMessage(asAdmin, { ticketId: ticketA.id, message: secretNote, isInternal: true });
      await updateTicketPriority(asAdmin, { ticketId: ticketA.id, priority: "urgent" });
      await assignTicket(asAdmin, { ticketId: ticketA.id, assigneeId: admin.id });
      await addTicketMessage(asAdmin, { ticketId: ticketA.id, message: publicText, isInternal: false });
      await updateTicketStatus(asAdmin, { ticketId: ticketA.id, status: "in_progress" });
      await addTicketMessage(asAdmin, { ticketId: ticketB.id, message: "Pour B seulement", isInternal: false });

      await until(() => ours(adminView).length >= 6 && ours(adminOnOtherProcess).length >= 6);
      await until(() => a.tickets().length >= 2 && b.tickets().length >= 1);
      await settle();

      // Student A: exactly their ticket's public message and status change.
      expect(a.tickets().map((f) => [f.data.type, f.data.ticketId])).toEqual([
        ["message_added", ticketA.id],
        ["status_changed", ticketA.id],
      ]);
      expect(b.tickets().map((f) => [f.data.type, f.data.ticketId])).toEqual([["message_added", ticketB.id]]);
      for (const frame of [...a.frames(), ...b.frames()]) {
        // A ticket frame says what changed; the bell's frame (issue 14) only which notification to fetch.
        expect(Object.keys(frame.data).sort()).toEqual(
          frame.event === "notification" ? ["id"] : ["audience", "fromYou", "status", "ticketId", "type"],
        );
        for (const secret of [
          secretNote,
          publicText,
          "Gisèle",
          "Vachon-Admin",
          admin.email,
          admin.id,
          "urgent",
          "priority",
        ]) {
          expect(frame.raw).not.toContain(secret);
        }
      }
      expect(a.chunks.join("")).not.toContain(ticketB.id);
      expect(b.chunks.join("")).not.toContain(ticketA.id);

      // Admins (on either process): everything, with the ticket's state and the actor's name.
      for (const view of [adminView, adminOnOtherProcess]) {
        const types = ours(view).map((f) => f.data.type);
        expect(types).toEqual([
          "internal_note_added",
          "priority_changed",
          "assigned",
          "message_added",
          "status_changed",
          "message_added",
        ]);
        const last = ours(view)[4]?.data;
        expect(last).toMatchObject({
          audience: "admin",
          ticketId: ticketA.id,
          status: "in_progress",
          priority: "urgent",
          assignedTo: admin.id,
          actorName: "Gisèle Vachon-Admin",
        });
      }
      // Both processes name each event the same way (the SSE id is the history cursor).
      expect(ours(adminOnOtherProcess).map((f) => f.id)).toEqual(ours(adminView).map((f) => f.id));
    } finally {
      offA?.();
      offB?.();
      offAdmin?.();
      offOther?.();
    }
  });
});

describe("resume by Last-Event-ID", () => {
  it("replays what the viewer may see after the id, and asks for a reload past the window", async () => {
    const ticket = await createTicket({ userId: studentA.id, status: "open" });
    const live = recorder(studentA);
    const off = hubOne.subscribe(live.subscriber);
    try {
      await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Première réponse", isInternal: false });
      await until(() => live.tickets().length === 1);
    } finally {
      off?.();
    }
    const lastEventId = live.tickets()[0]?.id ?? "";
    // While disconnected: a note (invisible to the student), a reply and a status change.
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Note", isInternal: true });
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Deuxième réponse", isInternal: false });
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "resolved" });

    const resumed = recorder(studentA);
    await hubOne.replay(resumed.subscriber, lastEventId);
    expect(resumed.tickets().map((f) => f.data.type)).toEqual(["message_added", "status_changed"]);
    expect(resumed.tickets()[1]?.data.status).toBe("resolved");

    const adminResumed = recorder(admin);
    await hubOne.replay(adminResumed.subscriber, lastEventId);
    expect(adminResumed.tickets().map((f) => f.data.type)).toEqual([
      "internal_note_added",
      "message_added",
      "status_changed",
    ]);

    // An id that is not ours, or one older than the window: "reload".
    const stale = recorder(studentA);
    await hubOne.replay(stale.subscriber, "garbage");
    const old = recorder(studentA);
    const [, id] = lastEventId.split("_");
    await hubOne.replay(old.subscriber, `1000000_${id}`);
    expect(stale.frames().map((f) => f.event)).toEqual(["reload"]);
    expect(old.frames().map((f) => f.event)).toEqual(["reload"]);
  });
});

describe("two app processes on one database", () => {
  it("each process's listener delivers to its own clients, presence included", async () => {
    const ticket = await createTicket({ userId: studentB.id, status: "open" });
    const one = recorder(studentB);
    const two = recorder(studentB);
    const adminOne = recorder(admin, ticket.id);
    const adminTwo = recorder(admin, ticket.id);
    const offs = [
      hubOne.subscribe(one.subscriber),
      hubTwo.subscribe(two.subscriber),
      hubOne.subscribe(adminOne.subscriber),
      hubTwo.subscribe(adminTwo.subscriber),
    ];
    try {
      await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Réponse", isInternal: false });
      await until(() => one.tickets().length === 1 && two.tickets().length === 1);
      expect(two.tickets()[0]?.data).toEqual(one.tickets()[0]?.data);

      // A presence ping sent once reaches the admins of both processes.
      const client = new pg.Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      await client.query("select pg_notify('live_presence', $1)", [
        JSON.stringify({ t: ticket.id, u: admin.id, n: "Gisèle Vachon-Admin", typing: true }),
      ]);
      await client.end();
      const typingSeen = (r: ReturnType<typeof recorder>) =>
        r.frames().some((f) => f.event === "presence" && JSON.stringify(f.data).includes('"typing":true'));
      await until(() => typingSeen(adminOne) && typingSeen(adminTwo));
      expect(one.frames().some((f) => f.event === "presence")).toBe(false);
    } finally {
      for (const off of offs) off?.();
    }
  });

  it("a listener that loses its connection reconnects and asks its browsers to catch up", async () => {
    const live = recorder(studentA);
    const off = hubTwo.subscribe(live.subscriber);
    try {
      hubTwo.dropListenerForTest();
      await until(() => live.frames().some((f) => f.event === "reload"), 10_000);
      const ticket = await createTicket({ userId: studentA.id, status: "open" });
      await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Après reconnexion", isInternal: false });
      await until(() => live.tickets().some((f) => f.data.ticketId === ticket.id));
    } finally {
      off?.();
    }
  });
});

describe("the SSE stream", () => {
  /** Reads the stream until `done(text)` holds or it ends; "ended" tells which. */
  async function readUntil(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    done: (text: string) => boolean,
    timeoutMs = 5_000,
  ): Promise<{ text: string; ended: boolean }> {
    const decoder = new TextDecoder();
    let text = "";
    const timeout = setTimeout(() => void reader.cancel(), timeoutMs);
    try {
      while (!done(text)) {
        const next = await reader.read();
        if (next.done) return { text, ended: true };
        text += decoder.decode(next.value);
      }
      return { text, ended: false };
    } finally {
      clearTimeout(timeout);
    }
  }

  it("is unbuffered text/event-stream with retry and heartbeats, resumes from Last-Event-ID, ends on sign-out", async () => {
    const ticket = await createTicket({ userId: studentA.id, status: "open" });
    const live = recorder(studentA);
    const off = hubOne.subscribe(live.subscriber);
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Un", isInternal: false });
    await until(() => live.tickets().length === 1);
    off?.();
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Deux", isInternal: false });

    let signedIn = true;
    const sizeBefore = hubOne.size;
    const response = openLiveStream(
      new Request("http://localhost/api/live", { headers: { "last-event-id": live.tickets()[0]?.id ?? "" } }),
      sessionUserOf(studentA),
      { hub: hubOne, stillSignedIn: async () => signedIn, heartbeatMs: 50, sessionCheckMs: 100 },
    );
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await readUntil(reader, (text) => text.includes("event: ticket") && text.includes(": heartbeat"));
    expect(first.ended).toBe(false);
    expect(first.text).toMatch(/^retry: \d+/);
    const replayed = parseFrames(first.text.split("\n\n").map((chunk) => `${chunk}\n\n`)).filter(
      (f) => f.event === "ticket",
    );
    expect(replayed.map((f) => [f.data.type, f.data.ticketId])).toEqual([["message_added", ticket.id]]);
    expect(replayed[0]?.id).not.toBe(live.tickets()[0]?.id);

    // Signed out: the next session check ends the stream and unsubscribes it.
    signedIn = false;
    const rest = await readUntil(reader, () => false);
    expect(rest.ended).toBe(true);
    expect(hubOne.size).toBe(sizeBefore);
  });

  it("ends every open stream on server shutdown", async () => {
    const sizeBefore = hubOne.size;
    const response = openLiveStream(new Request("http://localhost/api/live"), sessionUserOf(admin), {
      hub: hubOne,
      stillSignedIn: async () => true,
      heartbeatMs: 10_000,
      sessionCheckMs: 10_000,
    });
    expect(hubOne.size).toBe(sizeBefore + 1);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    closeAllLiveStreams();
    const rest = await readUntil(reader, () => false);
    expect(rest.ended).toBe(true);
    expect(hubOne.size).toBe(sizeBefore);
  });
});

describe("collision on the server (an admin's reply after another admin's)", () => {
  const messagesOf = async (ticketId: string) =>
    (
      await storedRows<{ message: string }>(
        "select message from ticket_messages where ticket_id = $1 order by created_at, id",
        [ticketId],
      )
    ).map((row) => row.message);

  it("refuses a reply written before another admin's answer, says who, keeps nothing; sends when told to", async () => {
    const other = await createAdmin({ firstName: "Rémi", lastName: "Collision" });
    const ticket = await createTicket({ userId: studentA.id });
    const first = await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Premier mot.", seenUpTo: "none" });
    // Both admins have the thread up to the first reply on screen; Rémi answers first.
    await addTicketMessage(sessionUserOf(other), {
      ticketId: ticket.id,
      message: "Réponse de Rémi.",
      seenUpTo: first.messageId,
    });
    const late = await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Réponse en retard.",
      seenUpTo: first.messageId,
    }).catch((error: unknown) => error);
    expect(late).toMatchObject({ code: "REPLY_CONFLICT", details: { replyConflict: { name: other.name } } });
    expect(await messagesOf(ticket.id)).toEqual(["Premier mot.", "Réponse de Rémi."]);

    // The same over HTTP: 409 with who answered, in the request's language.
    const response = await handleAddMessageUpload(
      multipartRequest(
        `/api/tickets/${ticket.id}/messages`,
        textFields({ message: "Encore.", seenUpTo: first.messageId }),
      ),
      ticket.id,
      asAdmin,
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      ok: false,
      code: "REPLY_CONFLICT",
      message: `${other.name} a répondu pendant que vous écriviez. Sa réponse est maintenant affichée dans la conversation. Relisez-la avant d'envoyer la vôtre.`,
    });

    // After reading it (seen up to Rémi's reply), or told to send anyway, it goes.
    const [, remi] = await storedRows<{ id: string }>(
      "select id from ticket_messages where ticket_id = $1 order by created_at, id",
      [ticket.id],
    );
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Après lecture.", seenUpTo: remi?.id });
    await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Quand même.",
      seenUpTo: first.messageId,
      sendAnyway: true,
    });
    expect(await messagesOf(ticket.id)).toEqual(["Premier mot.", "Réponse de Rémi.", "Après lecture.", "Quand même."]);
  });

  it("an empty thread on screen is refused after another admin's first answer; the student's replies, notes and one's own never count", async () => {
    const other = await createAdmin();
    const ticket = await createTicket({ userId: studentA.id });
    await addTicketMessage(sessionUserOf(studentA), { ticketId: ticket.id, message: "Un ajout de l'élève." });
    await addTicketMessage(sessionUserOf(other), { ticketId: ticket.id, message: "Note.", isInternal: true });
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Ma réponse.", seenUpTo: "none" });
    // My own reply is not a collision either.
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Mon complément.", seenUpTo: "none" });
    await addTicketMessage(sessionUserOf(other), { ticketId: ticket.id, message: "Sa réponse." });
    await expect(
      addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Trop tard.", seenUpTo: "none" }),
    ).rejects.toMatchObject({ code: "REPLY_CONFLICT" });
    // An internal note is never held back; a reply without seenUpTo (API clients) is not checked.
    await addTicketMessage(asAdmin, {
      ticketId: ticket.id,
      message: "Note après.",
      isInternal: true,
      seenUpTo: "none",
    });
    await addTicketMessage(asAdmin, { ticketId: ticket.id, message: "Sans contexte." });
    expect((await messagesOf(ticket.id)).slice(-2)).toEqual(["Note après.", "Sans contexte."]);
  });
});

describe("an open admin list's live check (rows in place, the banner's matches)", () => {
  it("answers the named rows as the list shows them, and which match every filter of the list", async () => {
    const word = `zéphyrlive${Date.now().toString(36)}`;
    const ticket = await createTicket({
      userId: studentA.id,
      subject: `Le mot ${word} est dans ce sujet`,
      status: "open",
      priority: "low",
    });
    const other = await createTicket({ userId: studentB.id, subject: "Rien à voir", status: "open" });
    const ids = [ticket.id, other.id];

    // The student wrote; the admin has not read it: the row is unread, with the student's name.
    await addTicketMessage(sessionUserOf(studentA), { ticketId: ticket.id, message: "Une précision." });
    await updateTicketPriority(asAdmin, { ticketId: ticket.id, priority: "urgent" });
    const first = await liveListRows(asAdmin, { query: { search: word }, ids });
    const row = first.rows.find((r) => r.id === ticket.id);
    expect(row).toMatchObject({ priority: "urgent", unread: true, messageCount: 1, student: { id: studentA.id } });
    expect(first.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    // Search words, a student, a date range, a status: the server decides, as the list does.
    expect(first.matching).toEqual([ticket.id]);
    expect((await liveListRows(asAdmin, { query: { student: studentB.id }, ids })).matching).toEqual([other.id]);
    expect((await liveListRows(asAdmin, { query: { createdTo: "2001-01-01" }, ids })).matching).toEqual([]);
    expect((await liveListRows(asAdmin, { query: { status: "open", priority: "urgent" }, ids })).matching).toEqual([
      ticket.id,
    ]);

    // Changed since: the next check sees the change.
    await updateTicketStatus(asAdmin, { ticketId: ticket.id, status: "resolved" });
    const after = await liveListRows(asAdmin, { query: { status: "open" }, ids });
    expect(after.rows.find((r) => r.id === ticket.id)?.status).toBe("resolved");
    expect(after.matching).toEqual([other.id]);
  });

  it("is for admins only and refuses a malformed request", async () => {
    const ticket = await createTicket({ userId: studentA.id });
    await expect(liveListRows(sessionUserOf(studentA), { query: {}, ids: [ticket.id] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(liveListRows(asAdmin, { query: {}, ids: ["pas-un-id"] })).rejects.toThrow();
    await expect(
      liveListRows(asAdmin, { query: {}, ids: Array.from({ length: 51 }, () => ticket.id) }),
    ).rejects.toThrow();

    // Over HTTP: the JSON answer with its dates, and the refusals as statuses with a translated message.
    const post = (body: unknown, user: TSessionUser | null) =>
      handleLiveListRows(
        new Request("http://localhost:3100/api/tickets/live-rows", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept-Language": "fr-CA" },
          body: JSON.stringify(body),
        }),
        user,
      );
    const ok = await post({ query: { status: "open" }, ids: [ticket.id] }, asAdmin);
    expect(ok.status).toBe(200);
    const json = (await ok.json()) as { ok: boolean; data: { rows: { id: string; createdAt: string }[] } };
    expect(json.data.rows[0]).toMatchObject({ id: ticket.id, createdAt: expect.stringMatching(/^\d{4}-/) });
    expect((await post({ query: {}, ids: [ticket.id] }, null)).status).toBe(401);
    expect((await post({ query: {}, ids: [ticket.id] }, sessionUserOf(studentA))).status).toBe(403);
    const bad = await post({ query: { status: "nope" }, ids: ["x"] }, asAdmin);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).not.toMatch(/zod|stack|select/i);
  });
});

describe("a quick reply from the list (the thread's newest entry and its seenUpTo)", () => {
  it("shows the request, then the newest message or note with its author; a reply sent with it is held after another admin's", async () => {
    const other = await createAdmin({ firstName: "Ariane", lastName: "Rapide" });
    const ticket = await createTicket({ userId: studentA.id, description: "Le texte de la demande elle-même." });
    expect(await quickReplyContext(asAdmin, ticket.id)).toMatchObject({
      seenUpTo: "none",
      kind: "request",
      authorName: studentA.name,
      text: "Le texte de la demande elle-même.",
    });

    await addTicketMessage(sessionUserOf(studentA), { ticketId: ticket.id, message: "Et une précision." });
    const seen = await quickReplyContext(asAdmin, ticket.id);
    expect(seen).toMatchObject({ kind: "student", authorName: studentA.name, text: "Et une précision." });
    expect(seen.seenUpTo).toMatch(/^[0-9a-f-]{36}$/);

    await addTicketMessage(sessionUserOf(other), { ticketId: ticket.id, message: "Une note.", isInternal: true });
    expect(await quickReplyContext(asAdmin, ticket.id)).toMatchObject({ kind: "note", authorName: other.name });
    await addTicketMessage(sessionUserOf(other), { ticketId: ticket.id, message: "Réponse d'Ariane." });

    // The reply typed against what was shown before Ariane's answer is held; nothing is written.
    const late = await replyFromList(asAdmin, {
      ticketId: ticket.id,
      message: "Réponse rapide.",
      seenUpTo: seen.seenUpTo,
    }).catch((error: unknown) => error);
    expect(late).toMatchObject({ code: "REPLY_CONFLICT", details: { replyConflict: { name: other.name } } });
    const now = await quickReplyContext(asAdmin, ticket.id);
    expect(now).toMatchObject({ kind: "staff", authorName: other.name, text: "Réponse d'Ariane." });
    const row = await replyFromList(asAdmin, {
      ticketId: ticket.id,
      message: "Réponse rapide.",
      seenUpTo: now.seenUpTo,
    });
    expect(row.messageCount).toBe(4);

    // Students never get it.
    await expect(quickReplyContext(sessionUserOf(studentA), ticket.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
