/**
 * Issue 12, found 6: "facture.pdf.exe" with a real PDF inside was stored and offered under that
 * name (the browser's picker refuses it, the server did not). Executable final extensions are
 * now refused with a translated 415 before anything is stored.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TSessionUser } from "@/server/auth/session";
import { isExecutableFileName } from "@/server/http/file-name";
import { createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { attachmentsOf, createTicketWith, file, postMessageWith } from "../support/attachment-requests";
import { tinyPdf } from "../support/attachment-samples";
import { footprintOf } from "../support/tickets";
import { storedKeys, useStorageDriver } from "../support/uploads";

let student: TUserRow;
let asStudent: TSessionUser;
beforeAll(async () => {
  student = await createStudent();
  asStudent = sessionUserOf(student);
});

describe("executable file names", () => {
  useStorageDriver("local");

  it("facture.pdf.exe (a real PDF inside): 415 with the name, nothing created, nothing stored", async () => {
    const before = await footprintOf(student.id);
    const keysBefore = await storedKeys();
    const { status, body } = await createTicketWith(asStudent, [
      file("reçu.pdf", tinyPdf()),
      file("facture.pdf.exe", tinyPdf()),
    ]);
    expect({ status, code: body.code, message: body.message }).toEqual({
      status: 415,
      code: "FILE_TYPE_REFUSED",
      message: "« facture.pdf.exe » est un programme : ce type de fichier n'est pas accepté.",
    });
    expect(await footprintOf(student.id)).toEqual(before);
    expect(await storedKeys()).toEqual(keysBefore);
  });

  it.each([
    "facture.pdf.exe",
    "FACTURE.PDF.EXE",
    "script.bat",
    "script.cmd",
    "outil.com",
    "veille.scr",
    "code.js",
    "install.msi",
    "script.ps1",
    "macro.vbs",
    "app.jar",
    "facture.exe.",
    "facture.exe ",
    "raccourci.lnk",
    "image.iso",
  ])("%s is refused on a reply too", async (name) => {
    const ticket = await createTicket({ userId: student.id });
    const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Voici le fichier." }, [
      file(name, tinyPdf()),
    ]);
    expect({ name, status, code: body.code }).toEqual({ name, status: 415, code: "FILE_TYPE_REFUSED" });
    expect(await attachmentsOf(ticket.id)).toEqual([]);
  });

  it("an executable extension in the middle of the name is fine (the last one counts)", async () => {
    const { status, body } = await createTicketWith(asStudent, [file("facture.exe.pdf", tinyPdf())]);
    expect(status, JSON.stringify(body)).toBe(200);
    expect((await attachmentsOf(body.data?.id as string)).map((row) => row.file_name)).toEqual(["facture.exe.pdf"]);
  });

  it("reads the name as Windows would: a right-to-left mark does not hide the extension", () => {
    expect(isExecutableFileName("facture\u202Efdp.exe")).toBe(true);
    expect(isExecutableFileName("rapport.pdf")).toBe(false);
    expect(isExecutableFileName("exe")).toBe(false);
  });
});
