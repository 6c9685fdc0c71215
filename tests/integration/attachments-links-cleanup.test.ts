/**
 * Issue 6: download links (the local driver's HMAC-signed, expiring links checked by the
 * file route; the S3 driver's presigned URLs), the orphan sweep, and the removal of a
 * deleted ticket's objects, on both drivers. s3rver checks neither SigV4 signatures nor
 * expiry, so for S3 the presigned URL's parameters are checked instead.
 */
import { utimes } from "node:fs/promises";
import { Readable } from "node:stream";
import { quickAddJob, runOnce } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { handleAttachmentFile, handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { sweepOrphanAttachments } from "@/features/attachments/service/sweep-orphan-attachments";
import { deleteTicket } from "@/features/tickets/service/delete-ticket";
import type { TSessionUser } from "@/server/auth/session";
import { getPool } from "@/server/db/client";
import { getStorage, LocalObjectStorage } from "@/server/storage";
import { contentDisposition } from "@/server/storage/content-disposition";
import { signedFilePath } from "@/server/storage/signed-link";
import { workerTaskList } from "@/worker";
import { createAdmin, createStudent, sessionUserOf, type TUserRow } from "../factories";
import { expectAppError } from "../support/admin-tickets";
import {
  attachmentsOf,
  createTicketWith,
  download,
  downloadRequest,
  file,
  postMessageWith,
  type TStoredAttachment,
} from "../support/attachment-requests";
import { GIF_1x1, PNG_1x1, tinyPdf } from "../support/attachment-samples";
import { testDatabaseUrl } from "../support/db";
import { storedRows } from "../support/tickets";
import { setAppEnv, storedKeys, useStorageDriver } from "../support/uploads";

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

/** A ticket of `student` with a PDF and a GIF; their rows by name. */
async function ticketWithFiles(names = { pdf: "bulletin d'été.pdf", gif: "schéma.gif" }) {
  const { status, body } = await createTicketWith(asStudent, [file(names.pdf, tinyPdf()), file(names.gif, GIF_1x1)]);
  expect(status, JSON.stringify(body)).toBe(200);
  const ticketId = body.data?.id as string;
  const rows = await attachmentsOf(ticketId);
  const byName = (name: string) => rows.find((r) => r.file_name === name) as TStoredAttachment;
  return { ticketId, pdf: byName(names.pdf), gif: byName(names.gif) };
}

async function fileRoute(user: TSessionUser | null, attachmentId: string, pathAndQuery: string) {
  return handleAttachmentFile(
    new Request(new URL(pathAndQuery, "http://localhost:3100"), { headers: { "accept-language": "fr-CA" } }),
    attachmentId,
    user,
  );
}

describe("local driver: signed, expiring links", () => {
  useStorageDriver("local");

  it("redirects to a signed link; the file comes with its type, attachment disposition, nosniff and a sandbox", async () => {
    const { pdf } = await ticketWithFiles();
    const { location, redirect, response } = await download("local", asStudent, pdf.id);
    expect(location).toMatch(new RegExp(`^/api/attachments/${pdf.id}/file\\?d=attachment&e=\\d+&s=[\\w-]{43}$`));
    expect(redirect.headers.get("cache-control")).toBe("private, no-store");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-length")).toBe(String(pdf.file_size));
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="bulletin d'ete.pdf"; filename*=UTF-8''bulletin%20d%27%C3%A9t%C3%A9.pdf`,
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(tinyPdf());
  });

  it("shows images inline when asked, documents never", async () => {
    const { pdf, gif } = await ticketWithFiles();
    const image = await download("local", asStudent, gif.id, "?disposition=inline");
    expect(image.location).toContain("d=inline");
    expect(image.response.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(image.response.headers.get("content-type")).toBe("image/gif");
    const document = await download("local", asStudent, pdf.id, "?disposition=inline");
    expect(document.response.headers.get("content-disposition")).toMatch(/^attachment; /);
  });

  it("refuses a tampered link (403): signature, expiry or disposition changed", async () => {
    const { gif } = await ticketWithFiles();
    const { location } = await download("local", asStudent, gif.id);
    const url = new URL(location, "http://localhost:3100");
    const signature = url.searchParams.get("s") ?? "";
    const tampered = [
      (u: URL) => u.searchParams.set("s", `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`),
      (u: URL) => u.searchParams.set("e", String(Number(u.searchParams.get("e")) + 3600)),
      (u: URL) => u.searchParams.set("d", "inline"),
      (u: URL) => u.searchParams.delete("s"),
    ];
    for (const change of tampered) {
      const copy = new URL(url);
      change(copy);
      const response = await fileRoute(asStudent, gif.id, `${copy.pathname}${copy.search}`);
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe("Ce lien de téléchargement n'est pas valide.");
    }
    // Another attachment's id with this link's signature.
    const { pdf } = await ticketWithFiles();
    expect((await fileRoute(asStudent, pdf.id, `/api/attachments/${pdf.id}/file${url.search}`)).status).toBe(403);
  });

  it("refuses an expired link (403, translated)", async () => {
    const { pdf } = await ticketWithFiles();
    const expired = signedFilePath({ attachmentId: pdf.id, userId: student.id, disposition: "attachment" }, -1);
    const response = await fileRoute(asStudent, pdf.id, expired);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe(
      "Ce lien de téléchargement a expiré. Revenez à la demande pour télécharger le fichier.",
    );
    const fresh = signedFilePath({ attachmentId: pdf.id, userId: student.id, disposition: "attachment" }, 60);
    expect((await fileRoute(asStudent, pdf.id, fresh)).status).toBe(200);
  });

  it("a link works only for the user it was made for, while they still have access; signed out is 401", async () => {
    const { ticketId, pdf } = await ticketWithFiles();
    const { location } = await download("local", asStudent, pdf.id);
    expect((await fileRoute(asOther, pdf.id, location)).status).toBe(403);
    expect((await fileRoute(asAdmin, pdf.id, location)).status).toBe(403);
    expect((await fileRoute(null, pdf.id, location)).status).toBe(401);

    // A validly signed link for another student still meets the access check.
    const forOther = signedFilePath({ attachmentId: pdf.id, userId: otherStudent.id, disposition: "attachment" }, 60);
    expect((await fileRoute(asOther, pdf.id, forOther)).status).toBe(404);

    await deleteTicket(asAdmin, ticketId);
    expect((await fileRoute(asStudent, pdf.id, location)).status).toBe(404);
  });

  it("404 for an unknown or malformed id, never a stack or a path", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "../../etc/passwd", "abc"]) {
      const response = await handleAttachmentRedirect(downloadRequest(encodeURIComponent(id)), id, asAdmin);
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Cet élément est introuvable.");
    }
  });
});

describe("S3 driver: presigned URLs", () => {
  const driver = useStorageDriver("s3");

  it("redirects to a presigned GET that expires after ATTACHMENT_URL_TTL_SECONDS (default 5 min)", async () => {
    const { pdf } = await ticketWithFiles();
    const { location, response } = await download("s3", asStudent, pdf.id);
    const url = new URL(location);
    expect(url.origin).toBe(driver.s3()?.endpoint);
    expect(decodeURIComponent(url.pathname)).toBe(`/message-attachments/${pdf.file_path}`);
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(url.searchParams.get("response-content-disposition")).toBe(
      contentDisposition("attachment", "bulletin d'été.pdf"),
    );
    expect(url.searchParams.get("response-content-type")).toBe("application/pdf");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(contentDisposition("attachment", "bulletin d'été.pdf"));
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(tinyPdf());

    const restore = setAppEnv({ ATTACHMENT_URL_TTL_SECONDS: "60" });
    try {
      const short = await handleAttachmentRedirect(downloadRequest(pdf.id), pdf.id, asStudent);
      expect(new URL(short.headers.get("location") ?? "").searchParams.get("X-Amz-Expires")).toBe("60");
    } finally {
      restore();
    }
  });

  it("gives each request a fresh signature, and nothing to another student", async () => {
    const { gif } = await ticketWithFiles();
    const first = await download("s3", asStudent, gif.id, "?disposition=inline");
    expect(new URL(first.location).searchParams.get("response-content-disposition")).toMatch(/^inline; /);
    expect((await handleAttachmentRedirect(downloadRequest(gif.id), gif.id, asOther)).status).toBe(404);
  });
});

describe.each(["local", "s3"] as const)("%s driver: nothing orphaned", (driver) => {
  useStorageDriver(driver);

  it("the sweep removes objects without a row once they are a day old, and keeps referenced ones", async () => {
    const { ticketId, pdf } = await ticketWithFiles();
    const orphanKey = `ticket-attachments/${ticketId}/1700000000000_abandonné.pdf`;
    await getStorage().put(orphanKey, Readable.from([tinyPdf()]), { contentType: "application/pdf" });
    const client = await getPool().connect();
    try {
      // Young: kept, whatever has a row or not.
      const now = await sweepOrphanAttachments({ client });
      expect(now.removed).toEqual([]);
      expect(await storedKeys(`ticket-attachments/${ticketId}/`)).toContain(orphanKey);
      // A day and a bit later: the orphan goes, the referenced files stay.
      const later = await sweepOrphanAttachments({ client, now: new Date(Date.now() + 25 * 60 * 60 * 1000) });
      expect(later.removed).toContain(orphanKey);
      expect(later.removed).not.toContain(pdf.file_path);
      const left = await storedKeys(`ticket-attachments/${ticketId}/`);
      expect(left).not.toContain(orphanKey);
      expect(left).toEqual((await attachmentsOf(ticketId)).map((r) => r.file_path).sort());
    } finally {
      client.release();
    }
  });

  it("deleting a ticket (admin) removes its rows and its objects, orphans of its folder included", async () => {
    const { ticketId } = await ticketWithFiles();
    const reply = await postMessageWith(asAdmin, ticketId, { message: "Note", isInternal: "true" }, [
      file("note.png", PNG_1x1),
    ]);
    expect(reply.status).toBe(200);
    const stray = `ticket-attachments/${ticketId}/1700000000000_reste.pdf`;
    await getStorage().put(stray, Readable.from([tinyPdf()]), { contentType: "application/pdf" });
    expect(await storedKeys(`ticket-attachments/${ticketId}/`)).toHaveLength(4);
    const otherTicket = await ticketWithFiles();

    await expectAppError(deleteTicket(asStudent, ticketId), "FORBIDDEN");
    expect(await storedKeys(`ticket-attachments/${ticketId}/`)).toHaveLength(4);

    expect(await deleteTicket(asAdmin, ticketId)).toEqual({ removedFiles: 4 });
    expect(await storedKeys(`ticket-attachments/${ticketId}/`)).toEqual([]);
    expect(await storedRows("select id from ticket_attachments where ticket_id = $1", [ticketId])).toEqual([]);
    expect(await storedRows("select id from support_tickets where id = $1", [ticketId])).toEqual([]);
    // Nothing else touched.
    expect(await storedKeys(`ticket-attachments/${otherTicket.ticketId}/`)).toHaveLength(2);
    await expectAppError(deleteTicket(asAdmin, ticketId), "NOT_FOUND");
  });
});

describe("the sweep as a graphile-worker job", () => {
  useStorageDriver("local");

  it("runs sweep_orphan_attachments from the job registry and removes an old orphan", async () => {
    const { ticketId, pdf } = await ticketWithFiles();
    const storage = getStorage() as LocalObjectStorage;
    expect(storage).toBeInstanceOf(LocalObjectStorage);
    const orphanKey = `ticket-attachments/${ticketId}/1700000000000_vieux.png`;
    await storage.put(orphanKey, Readable.from([PNG_1x1]), { contentType: "image/png" });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(storage.pathOf(orphanKey), twoDaysAgo, twoDaysAgo);
    await utimes(storage.pathOf(pdf.file_path), twoDaysAgo, twoDaysAgo);

    const connectionString = testDatabaseUrl();
    await quickAddJob({ connectionString }, "sweep_orphan_attachments", {});
    await runOnce({ connectionString, taskList: workerTaskList() });

    const left = await storedKeys(`ticket-attachments/${ticketId}/`);
    expect(left).not.toContain(orphanKey);
    expect(left).toContain(pdf.file_path);
  });
});
