/**
 * Issue 6: attachments through the HTTP route handlers, on both storage drivers (local disk,
 * and S3 against s3rver started here). Each request is a real `Request` whose multipart body
 * streams; the handlers get the session as a parameter (the routes read it from better-auth).
 * What is stored is read back as service_role (rows) and from the storage itself (objects).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { MAX_FILE_BYTES } from "@/features/attachments/limits";
import { handleAddMessageUpload } from "@/features/tickets/handlers/upload-handlers";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import type { TSessionUser } from "@/server/auth/session";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import {
  attachmentsOf,
  createTicketWith,
  download as downloadFrom,
  downloadRequest,
  file,
  plain,
  postMessageWith,
  TICKET_FIELDS,
  type TJson,
  type TStoredAttachment,
} from "../support/attachment-requests";
import {
  acceptedSamples,
  compoundFile,
  HTML_PAGE,
  PNG_1x1,
  SVG_IMAGE,
  tinyExe,
  tinyPdf,
} from "../support/attachment-samples";
import { faultMarker, footprintOf, installEventFault, storedRow, storedRows } from "../support/tickets";
import {
  measureMemory,
  multipartRequest,
  serveHandler,
  setAppEnv,
  storedKeys,
  textFields,
  uploadFromChildProcess,
  useStorageDriver,
} from "../support/uploads";

let student: TUserRow;
let otherStudent: TUserRow;
let admin: TUserRow;
let asStudent: TSessionUser;
let asOther: TSessionUser;
let asAdmin: TSessionUser;

beforeAll(async () => {
  [student, otherStudent, admin] = await Promise.all([createStudent(), createStudent(), createAdmin()]);
  asStudent = sessionUserOf(student);
  asOther = sessionUserOf(otherStudent);
  asAdmin = sessionUserOf(admin);
});

describe.each(["local", "s3"] as const)("attachments on the %s driver", (driver) => {
  useStorageDriver(driver);

  const download = (user: TSessionUser, attachmentId: string, query = "") =>
    downloadFrom(driver, user, attachmentId, query);

  it("accepts PDF, DOC, DOCX, JPG, PNG, GIF and WEBP, storing the detected type under the plan's key", async () => {
    const samples = acceptedSamples();
    // The browser's Content-Type is ignored: all are sent as application/octet-stream.
    const { status, body } = await createTicketWith(
      asStudent,
      samples.map((s) => file(s.name, s.content)),
    );
    expect(status, JSON.stringify(body)).toBe(200);
    const ticketId = body.data?.id as string;

    const rows = await attachmentsOf(ticketId);
    expect(rows.map((r) => [r.file_name, r.file_type, r.file_size, r.message_id, r.uploaded_by]).sort()).toEqual(
      samples.map((s) => [s.name, s.type, s.content.length, null, student.id]).sort(),
    );
    for (const row of rows) {
      expect(row.file_path).toMatch(new RegExp(`^ticket-attachments/${ticketId}/\\d{13}_[^/]+$`));
      expect(row.file_path.endsWith(`_${row.file_name}`)).toBe(true);
    }
    expect(await storedKeys(`ticket-attachments/${ticketId}/`)).toEqual(rows.map((r) => r.file_path).sort());
    const events = await storedRows(
      "select type, to_value from ticket_events where ticket_id = $1 order by created_at",
      [ticketId],
    );
    expect(
      events
        .filter((e) => e.type === "attachment_added")
        .map((e) => e.to_value)
        .sort(),
    ).toEqual(samples.map((s) => s.name).sort());

    // What was stored is what was sent, with the detected type.
    const png = rows.find((r) => r.file_type === "image/png") as TStoredAttachment;
    const { response } = await download(asStudent, png.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG_1x1);
  });

  it("adds a reply with its files in one transaction; the webhook counts the files", async () => {
    const ticket = await createTicket({ userId: student.id });
    const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Voici les pièces demandées." }, [
      file("reçu.pdf", tinyPdf()),
      file("capture.png", PNG_1x1),
    ]);
    expect(status, JSON.stringify(body)).toBe(200);
    const messageId = body.data?.messageId as string;
    const rows = await attachmentsOf(ticket.id);
    expect(rows.map((r) => [r.file_name, r.message_id])).toEqual(
      expect.arrayContaining([
        ["reçu.pdf", messageId],
        ["capture.png", messageId],
      ]),
    );
    expect(rows).toHaveLength(2);
    const webhook = await storedRow<{ count: string }>(
      `select payload->'data'->>'attachment_count' as count from webhook_events
        where ticket_id = $1 and type = 'ticket.message_added'`,
      [ticket.id],
    );
    expect(webhook.count).toBe("2");
  });

  it.each([
    ["an HTML page renamed .pdf", "facture.pdf", HTML_PAGE, "application/pdf"],
    ["an SVG with a script renamed .png", "logo.png", SVG_IMAGE, "image/png"],
    ["an executable renamed .pdf", "reçu.pdf", tinyExe(), "application/pdf"],
    [
      "a compound file that is not a Word document (.msi, .xls) renamed .doc",
      "lettre.doc",
      compoundFile("Workbook"),
      "application/msword",
    ],
  ])(
    "refuses %s (415, translated) and stores nothing, not even the valid file sent before it",
    async (_label, name, content, declared) => {
      const keysBefore = await storedKeys();
      const footprintBefore = await footprintOf(student.id);
      const { status, body } = await createTicketWith(asStudent, [
        file("capture-valide.png", PNG_1x1),
        file(name, content, declared),
      ]);
      expect(status).toBe(415);
      expect(body).toMatchObject({ ok: false, code: "FILE_TYPE_REFUSED" });
      expect(body.message).toBe(
        `« ${name} » n'est pas d'un type accepté. Types acceptés : PDF, DOC, DOCX, JPG, PNG, GIF, WEBP.`,
      );
      expect(await footprintOf(student.id)).toEqual(footprintBefore);
      expect(await storedKeys()).toEqual(keysBefore);
    },
  );

  it("answers in English when the request's locale is English", async () => {
    const ticket = await createTicket({ userId: student.id });
    const response = await handleAddMessageUpload(
      multipartRequest(
        `/api/tickets/${ticket.id}/messages`,
        [...textFields({ message: "Hi" }), file("x.pdf", HTML_PAGE)],
        {
          headers: { cookie: "NEXT_LOCALE=en", "accept-language": "fr-CA" },
        },
      ),
      ticket.id,
      asStudent,
    );
    expect(response.status).toBe(415);
    expect(((await response.json()) as TJson).message).toBe(
      "“x.pdf” is not an accepted file type. Accepted types: PDF, DOC, DOCX, JPG, PNG, GIF, WEBP.",
    );
  });

  it("refuses a file one byte over 32 MiB with 413 as soon as it passes the limit, storing nothing", async () => {
    const ticket = await createTicket({ userId: student.id });
    const keysBefore = await storedKeys();
    const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Trop gros" }, [
      { fileName: "énorme.pdf", size: MAX_FILE_BYTES + 1, head: tinyPdf() },
    ]);
    expect(status).toBe(413);
    expect(body).toMatchObject({ ok: false, code: "FILE_TOO_LARGE" });
    expect(plain(body.message)).toBe("« énorme.pdf » dépasse la taille maximale de 32 Mo.");
    expect(await storedKeys()).toEqual(keysBefore);
    expect(await storedRows("select id from ticket_messages where ticket_id = $1", [ticket.id])).toEqual([]);
  });

  it("refuses a body over UPLOAD_MAX_BODY_BYTES: on Content-Length before reading, or while streaming", async () => {
    const restore = setAppEnv({ UPLOAD_MAX_BODY_BYTES: String(2 * 1024 * 1024) });
    try {
      const ticket = await createTicket({ userId: student.id });
      const keysBefore = await storedKeys();
      // Declared too large: refused without reading the body.
      const declared = await handleAddMessageUpload(
        multipartRequest(`/api/tickets/${ticket.id}/messages`, [...textFields({ message: "x" })], {
          contentLength: 3 * 1024 * 1024,
        }),
        ticket.id,
        asStudent,
      );
      expect(declared.status).toBe(413);
      // Two files of 1.5 MiB: the first is stored, the second passes the limit; both are gone after.
      const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Deux fichiers" }, [
        { fileName: "un.pdf", size: 1.5 * 1024 * 1024, head: tinyPdf() },
        { fileName: "deux.pdf", size: 1.5 * 1024 * 1024, head: tinyPdf() },
      ]);
      expect(status).toBe(413);
      expect(body).toMatchObject({ code: "FILE_TOO_LARGE" });
      // The files' own allowance (the body limit less the form's overhead), rounded down: issue 17.
      expect(plain(body.message)).toBe("Les fichiers joints dépassent 1 Mo au total.");
      expect(await storedKeys()).toEqual(keysBefore);
    } finally {
      restore();
    }
  });

  it("refuses more than ATTACHMENT_MAX_FILES files (400) and stores none of them", async () => {
    const restore = setAppEnv({ ATTACHMENT_MAX_FILES: "2" });
    try {
      const ticket = await createTicket({ userId: student.id });
      const keysBefore = await storedKeys();
      const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Trois fichiers" }, [
        file("a.png", PNG_1x1),
        file("b.png", PNG_1x1),
        file("c.png", PNG_1x1),
      ]);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: "TOO_MANY_FILES", message: "Vous pouvez joindre au plus 2 fichiers." });
      expect(await storedKeys()).toEqual(keysBefore);
      expect(await attachmentsOf(ticket.id)).toEqual([]);
    } finally {
      restore();
    }
  });

  it("stores a 32 MiB file sent over HTTP while the server's memory grows by far less than 32 MiB", async () => {
    // The handler behind a real HTTP server; the client is another process, so what this
    // process holds is the server's doing only, with fresh socket buffers as in production.
    const ticket = await createTicket({ userId: student.id });
    const server = await serveHandler((request) => handleAddMessageUpload(request, ticket.id, asStudent));
    const upload = () =>
      uploadFromChildProcess(
        `${server.url}/api/tickets/${ticket.id}/messages`,
        { message: "Le manuel complet" },
        { fileName: "manuel.pdf", size: MAX_FILE_BYTES, head: tinyPdf() },
      );
    try {
      // Live: a full collection before each sample (every 25 ms): what the upload holds.
      // Raw: no forced collection: Node frees each socket chunk only when V8 next collects.
      const live = await measureMemory(upload, { collectEachSample: true });
      const raw = await measureMemory(upload);
      console.log(
        `[memory] ${driver} driver, 32 MiB over HTTP, live (GC before each sample):`,
        JSON.stringify(live.memory),
      );
      console.log(`[memory] ${driver} driver, 32 MiB over HTTP, raw (no forced GC):`, JSON.stringify(raw.memory));

      for (const { result } of [live, raw]) expect(result.status, JSON.stringify(result.body)).toBe(200);
      const rows = await attachmentsOf(ticket.id);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row).toMatchObject({ file_size: MAX_FILE_BYTES, file_type: "application/pdf", file_name: "manuel.pdf" });
      }
      // Holding the file would hold ~32 MiB of ArrayBuffers (the buffering control below: 30 MB
      // at its peak); streamed, a sample after a full collection holds a few chunks (0.6 MB).
      expect(live.memory.samples).toBeGreaterThanOrEqual(5);
      expect(live.memory.arrayBuffersPeakGrowthMb).toBeLessThan(8);
      // RSS is printed above but not asserted: it also counts allocator slack that GC gives
      // back late and whatever else the machine is doing (seen 0.6 to 32.5 MB under load).
    } finally {
      await server.close();
    }
  }, 120_000); // two 32 MiB uploads; s3rver is slow when the machine is busy

  it("stores names with ../, quotes, emoji and 300 characters safely, and sends them back intact", async () => {
    const long = `${"é".repeat(296)}.pdf`;
    const names = ["../../etc/passwd.pdf", 'le "vrai" reçu d\'avril.pdf', "devoir 📚 final 👩‍🎓.pdf", long];
    const { status, body } = await createTicketWith(
      asStudent,
      names.map((name) => file(name, tinyPdf())),
    );
    expect(status, JSON.stringify(body)).toBe(200);
    const ticketId = body.data?.id as string;
    const rows = await attachmentsOf(ticketId);
    const stored = new Map(rows.map((r) => [r.file_name, r]));
    const expected = [
      "passwd.pdf",
      'le "vrai" reçu d\'avril.pdf',
      "devoir 📚 final 👩‍🎓.pdf",
      `${"é".repeat(196)}.pdf`,
    ];
    expect([...stored.keys()].sort()).toEqual(expected.sort());

    for (const row of rows) {
      const [, , name] = row.file_path.split("/");
      expect(row.file_path.split("/")).toHaveLength(3);
      expect(name).toMatch(/^\d{13}_/);
      expect(name).not.toMatch(/["\\<>:|?*]|\.\./);
      expect(Buffer.byteLength(name ?? "", "utf8")).toBeLessThanOrEqual(200);
    }
    expect(stored.get("devoir 📚 final 👩‍🎓.pdf")?.file_path).toMatch(/_devoir 📚 final 👩‍🎓\.pdf$/u);
    expect(stored.get('le "vrai" reçu d\'avril.pdf')?.file_path).toMatch(/_le _vrai_ reçu d'avril\.pdf$/u);

    const emoji = stored.get("devoir 📚 final 👩‍🎓.pdf") as TStoredAttachment;
    const { response } = await download(asStudent, emoji.id);
    expect(response.status).toBe(200);
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition.startsWith("attachment;")).toBe(true);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe("devoir 📚 final 👩‍🎓.pdf");
  });

  it("another student gets 404 for upload and download, and nothing is stored; signed out is 401", async () => {
    const { body } = await createTicketWith(asStudent, [file("privé.pdf", tinyPdf())]);
    const ticketId = body.data?.id as string;
    const [attachment] = await attachmentsOf(ticketId);
    const keysBefore = await storedKeys();

    const upload = await postMessageWith(asOther, ticketId, { message: "Intrus" }, [file("intrus.png", PNG_1x1)]);
    expect(upload).toMatchObject({ status: 404, body: { ok: false, code: "NOT_FOUND" } });
    expect(await storedKeys()).toEqual(keysBefore);

    const redirect = await handleAttachmentRedirect(
      downloadRequest(attachment?.id ?? ""),
      attachment?.id ?? "",
      asOther,
    );
    expect(redirect.status).toBe(404);
    expect(redirect.headers.get("location")).toBeNull();

    const signedOut = await postMessageWith(null, ticketId, { message: "Anonyme" }, [file("x.png", PNG_1x1)]);
    expect(signedOut.status).toBe(401);
    expect((await createTicketWith(null, [file("x.png", PNG_1x1)])).status).toBe(401);
    expect(
      (await handleAttachmentRedirect(downloadRequest(attachment?.id ?? ""), attachment?.id ?? "", null)).status,
    ).toBe(401);
    expect(await storedKeys()).toEqual(keysBefore);
  });

  it("hides the files of internal notes from the student: not in the details, 404 on download", async () => {
    const ticket = await createTicket({ userId: student.id });
    const note = await postMessageWith(asAdmin, ticket.id, { message: "Note : relevé bancaire", isInternal: "true" }, [
      file("relevé-interne.pdf", tinyPdf()),
    ]);
    expect(note.status, JSON.stringify(note.body)).toBe(200);
    const reply = await postMessageWith(asAdmin, ticket.id, { message: "Voici le reçu corrigé." }, [
      file("reçu-corrigé.pdf", tinyPdf()),
    ]);
    expect(reply.status).toBe(200);
    const rows = await attachmentsOf(ticket.id);
    const internal = rows.find((r) => r.file_name === "relevé-interne.pdf") as TStoredAttachment;
    const visible = rows.find((r) => r.file_name === "reçu-corrigé.pdf") as TStoredAttachment;

    const details = await getStudentTicketDetails(asStudent, ticket.id);
    expect(details.attachments.map((a) => a.fileName)).toEqual(["reçu-corrigé.pdf"]);
    expect(details.attachments[0]?.downloadUrl).toBe(`/api/attachments/${visible.id}`);

    expect((await handleAttachmentRedirect(downloadRequest(internal.id), internal.id, asStudent)).status).toBe(404);
    expect((await download(asStudent, visible.id)).response.status).toBe(200);
    expect((await download(asAdmin, internal.id)).response.status).toBe(200);

    // A student cannot post an internal note, with or without files: refused, nothing kept.
    const keysBefore = await storedKeys();
    const sneaky = await postMessageWith(asStudent, ticket.id, { message: "Note ?", isInternal: "true" }, [
      file("x.png", PNG_1x1),
    ]);
    expect(sneaky.status).toBe(403);
    expect(await storedKeys()).toEqual(keysBefore);
  });

  it("removes the stored files when the database write fails", async () => {
    const uninstall = await installEventFault();
    try {
      const keysBefore = await storedKeys();
      const { status, body } = await createTicketWith(
        asStudent,
        [file("preuve.pdf", tinyPdf()), file("b.png", PNG_1x1)],
        {
          ...TICKET_FIELDS,
          subject: `${faultMarker("attachment_added")} Remboursement`,
        },
      );
      expect(status).toBe(500);
      expect(body).toMatchObject({ ok: false, code: "INTERNAL" });
      expect(JSON.stringify(body)).not.toContain("injected");
      expect(await storedKeys()).toEqual(keysBefore);
      expect(await storedRows("select id from support_tickets where subject like $1", ["%Remboursement"])).toEqual([]);
    } finally {
      await uninstall();
    }
  });

  it("validates the text fields with the action's schema and messages, and keeps no file", async () => {
    const keysBefore = await storedKeys();
    const { status, body } = await createTicketWith(asStudent, [file("a.pdf", tinyPdf())], {
      subject: "abc",
      description: "",
      category: "paiement",
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      code: "VALIDATION",
      fieldErrors: {
        subject: "Le sujet doit contenir au moins 5 caractères.",
        description: "La description doit contenir au moins 10 caractères.",
      },
    });
    expect(await storedKeys()).toEqual(keysBefore);
  });
});

describe("memory baseline", () => {
  it("a handler that only reads and discards the same 32 MiB shows the same raw figure (Node's socket buffers)", async () => {
    // The control for the figures above: what no handler can avoid. Socket chunks are freed by
    // V8's next collection, which external memory of this size does not force.
    const server = await serveHandler(async (request) => {
      const reader = request.body?.getReader();
      while (reader && !(await reader.read()).done) {
        // discard
      }
      return Response.json({ ok: true });
    });
    try {
      const upload = () =>
        uploadFromChildProcess(
          `${server.url}/discard`,
          { message: "x" },
          { fileName: "x.pdf", size: MAX_FILE_BYTES, head: tinyPdf() },
        );
      const live = await measureMemory(upload, { collectEachSample: true });
      const raw = await measureMemory(upload);
      console.log("[memory] control, 32 MiB read and discarded, live:", JSON.stringify(live.memory));
      console.log("[memory] control, 32 MiB read and discarded, raw:", JSON.stringify(raw.memory));
      expect(raw.result.status).toBe(200);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("a handler that holds the whole body is caught by the same measure (the test can fail)", async () => {
    const server = await serveHandler(async (request) => {
      const body = await request.arrayBuffer();
      return Response.json({ ok: true, size: body.byteLength });
    });
    try {
      const { result, memory } = await measureMemory(
        () =>
          uploadFromChildProcess(
            `${server.url}/hold`,
            { message: "x" },
            { fileName: "x.pdf", size: MAX_FILE_BYTES, head: tinyPdf() },
          ),
        { collectEachSample: true },
      );
      console.log("[memory] buffering control, 32 MiB held, live:", JSON.stringify(memory));
      expect(result.status).toBe(200);
      expect(memory.samples).toBeGreaterThanOrEqual(5);
      expect(memory.arrayBuffersPeakGrowthMb).toBeGreaterThanOrEqual(24);
    } finally {
      await server.close();
    }
  }, 60_000);
});
