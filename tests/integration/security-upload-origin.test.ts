/**
 * Issue 12, found 2: same-site request forgery on the upload routes. What a plain HTML form on
 * another port of the same host sends (the browser adds Origin and Sec-Fetch-Site; the session
 * cookie goes along, SameSite=Lax does not stop it) is refused with 403, and anything but
 * multipart/form-data with 415, before any row is written. Over a real socket, as Next's server
 * hands requests to the route handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAddMessageUpload, handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { TICKET_FIELDS, type TJson } from "../support/attachment-requests";
import { setEnv } from "../support/security";
import { footprintOf, storedRow } from "../support/tickets";
import { multipartRequest, serveHandler, textFields } from "../support/uploads";

const APP = "http://localhost:3100";
const OTHER_PORT = "http://localhost:3999";

let student: TUserRow;
let admin: TUserRow;
let ticketId: string;
const servers: { url: string; close: () => Promise<void> }[] = [];

beforeAll(async () => {
  [student, admin] = await Promise.all([createStudent(), createAdmin()]);
  ticketId = (await createTicket({ userId: student.id })).id;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  const server = await serveHandler(handler);
  servers.push(server);
  return server.url;
}

/** A multipart POST over the socket, with the headers a browser would add. */
async function postMultipart(url: string, fields: Record<string, string>, headers: Record<string, string>) {
  const request = multipartRequest("/", textFields(fields), { headers });
  const response = await fetch(url, {
    method: "POST",
    headers: request.headers,
    body: await request.arrayBuffer(),
  });
  return { status: response.status, body: (await response.json()) as TJson };
}

async function postRaw(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as TJson };
}

const CROSS_ORIGIN_FORM = { origin: OTHER_PORT, "sec-fetch-site": "same-site", "sec-fetch-mode": "navigate" };
const SAME_ORIGIN_FETCH = { origin: APP, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" };
const messagesOf = (id: string) =>
  storedRow<{ count: number }>("select count(*)::int as count from ticket_messages where ticket_id = $1", [id]);

describe("upload routes refuse forged requests", () => {
  it("POST /api/tickets: a form on another port of the same host creates nothing (403, translated)", async () => {
    const url = await serve((request) => handleCreateTicketUpload(request, sessionUserOf(student)));
    const before = await footprintOf(student.id);
    const forged = await postMultipart(url, TICKET_FIELDS, { ...CROSS_ORIGIN_FORM, "accept-language": "fr-CA" });
    expect(forged).toEqual({
      status: 403,
      body: {
        ok: false,
        code: "FORBIDDEN",
        message: "Cette requête ne vient pas de l'application. Rechargez la page et réessayez.",
      },
    });
    const urlencoded = await postRaw(url, new URLSearchParams(TICKET_FIELDS).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      ...CROSS_ORIGIN_FORM,
    });
    expect(urlencoded.status).toBe(403);
    expect(await footprintOf(student.id)).toEqual(before);
  });

  it("refuses each forged variant: foreign Origin, Origin null, a cross-site fetch, same-site fetch metadata", async () => {
    const url = await serve((request) => handleCreateTicketUpload(request, sessionUserOf(student)));
    const before = await footprintOf(student.id);
    const variants: Record<string, string>[] = [
      { origin: "https://attaquant.example" },
      { origin: "null" },
      { origin: OTHER_PORT },
      { origin: APP, "sec-fetch-site": "same-site" },
      { origin: APP, "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of variants) {
      const answer = await postMultipart(url, TICKET_FIELDS, { ...headers, "accept-language": "en" });
      expect({ headers, status: answer.status, message: answer.body.message }).toEqual({
        headers,
        status: 403,
        message: "This request did not come from the app. Reload the page and try again.",
      });
    }
    expect(await footprintOf(student.id)).toEqual(before);
  });

  it("only multipart/form-data: urlencoded and text/plain from the app's own origin answer 415", async () => {
    const url = await serve((request) => handleCreateTicketUpload(request, sessionUserOf(student)));
    const before = await footprintOf(student.id);
    const urlencoded = await postRaw(url, new URLSearchParams(TICKET_FIELDS).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      ...SAME_ORIGIN_FETCH,
    });
    expect(urlencoded).toEqual({
      status: 415,
      body: { ok: false, code: "VALIDATION", message: "Le formulaire n'a pas été envoyé correctement. Réessayez." },
    });
    const textPlain = await postRaw(url, "subject=x", { "content-type": "text/plain", ...SAME_ORIGIN_FETCH });
    expect(textPlain.status).toBe(415);
    expect(await footprintOf(student.id)).toEqual(before);
  });

  it("the app's own page still creates a ticket (same origin, and a client with no browser headers)", async () => {
    const url = await serve((request) => handleCreateTicketUpload(request, sessionUserOf(student)));
    const fromPage = await postMultipart(url, TICKET_FIELDS, SAME_ORIGIN_FETCH);
    expect(fromPage.status, JSON.stringify(fromPage.body)).toBe(200);
    const noBrowserHeaders = await postMultipart(url, TICKET_FIELDS, {});
    expect(noBrowserHeaders.status).toBe(200);
  });

  it("POST /api/tickets/{id}/messages: no forged reply from a student, no forged internal note from an admin", async () => {
    const asStudentUrl = await serve((request) => handleAddMessageUpload(request, ticketId, sessionUserOf(student)));
    const asAdminUrl = await serve((request) => handleAddMessageUpload(request, ticketId, sessionUserOf(admin)));
    const before = await messagesOf(ticketId);
    const reply = await postMultipart(asStudentUrl, { message: "Réponse forgée" }, CROSS_ORIGIN_FORM);
    const note = await postMultipart(
      asAdminUrl,
      { message: "Note interne forgée", isInternal: "true" },
      CROSS_ORIGIN_FORM,
    );
    const urlencodedNote = await postRaw(
      asAdminUrl,
      new URLSearchParams({ message: "Note interne forgée", isInternal: "true" }).toString(),
      { "content-type": "application/x-www-form-urlencoded", ...CROSS_ORIGIN_FORM },
    );
    expect([reply.status, note.status, urlencodedNote.status]).toEqual([403, 403, 403]);
    expect(await messagesOf(ticketId)).toEqual(before);

    const genuine = await postMultipart(asStudentUrl, { message: "Vraie réponse de l'étudiant" }, SAME_ORIGIN_FETCH);
    expect(genuine.status, JSON.stringify(genuine.body)).toBe(200);
    expect((await messagesOf(ticketId)).count).toBe(before.count + 1);
  });

  it("the forwarded host counts as the app's origin only behind a trusted proxy", async () => {
    const url = await serve((request) => handleCreateTicketUpload(request, sessionUserOf(student)));
    const viaProxy = {
      origin: "https://soutien.exemple.ca",
      "sec-fetch-site": "same-origin",
      "x-forwarded-host": "soutien.exemple.ca",
      "x-forwarded-proto": "https",
    };
    expect((await postMultipart(url, TICKET_FIELDS, viaProxy)).status).toBe(403);
    const restore = setEnv({ TRUST_PROXY: "1" });
    try {
      expect((await postMultipart(url, TICKET_FIELDS, viaProxy)).status).toBe(200);
      expect(
        (await postMultipart(url, TICKET_FIELDS, { ...viaProxy, origin: "https://autre.exemple.ca" })).status,
      ).toBe(403);
    } finally {
      restore();
    }
  });
});
