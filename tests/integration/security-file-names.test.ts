/**
 * Issue 12, found 4: a file name with a control character was dropped silently (200, the ticket
 * created, no attachment). Every C0 control character and DEL, sent as a browser sends it (raw,
 * except CR and LF which it writes %0D/%0A), is now either refused with a translated message and
 * nothing created, or stored under the cleaned name: never lost without a word.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { TSessionUser } from "@/server/auth/session";
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

const CONTROL_CHARACTERS = [...Array.from({ length: 32 }, (_, code) => code), 0x7f];
/** Characters busboy reads (TAB raw, CR and LF percent-encoded): sanitizeFileName() removes them. */
const CLEANED = new Set([0x09, 0x0a, 0x0d]);
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

describe("control characters in a file name", () => {
  useStorageDriver("local");

  it("are 33, and the test covers each", () => {
    expect(CONTROL_CHARACTERS).toHaveLength(33);
  });

  it.each(CONTROL_CHARACTERS.map((code) => [hex(code), code] as const))(
    "%s: refused with a message, or stored under the cleaned name",
    async (_label, code) => {
      const before = await footprintOf(student.id);
      const keysBefore = await storedKeys();
      const name = `reçu${String.fromCharCode(code)}paiement.pdf`;
      const { status, body } = await createTicketWith(asStudent, [file(name, tinyPdf())]);
      if (CLEANED.has(code)) {
        expect(status, JSON.stringify(body)).toBe(200);
        const rows = await attachmentsOf(body.data?.id as string);
        expect(rows.map((row) => row.file_name)).toEqual(["reçupaiement.pdf"]);
        return;
      }
      expect({ status, code: body.code, message: body.message }).toEqual({
        status: 400,
        code: "VALIDATION",
        message: "Le nom d'un fichier contient un caractère de contrôle invalide. Renommez le fichier et réessayez.",
      });
      expect(body.fieldErrors?.files).toBe(body.message);
      expect(await footprintOf(student.id)).toEqual(before);
      expect(await storedKeys()).toEqual(keysBefore);
    },
  );

  it("a reply with such a file is refused too, and adds no message", async () => {
    const ticket = await createTicket({ userId: student.id });
    const before = await footprintOf(student.id);
    const { status, body } = await postMessageWith(asStudent, ticket.id, { message: "Voici le fichier." }, [
      file("capture\u001b.pdf", tinyPdf()),
    ]);
    expect(status).toBe(400);
    expect(body.code).toBe("VALIDATION");
    expect(await footprintOf(student.id)).toEqual(before);
  });
});
