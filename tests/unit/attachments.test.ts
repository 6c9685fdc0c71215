import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import frCA from "../../messages/fr-CA.json";
import { addFiles } from "../../src/features/attachments/components/file-checks";
import { detectAcceptedType, WordDocumentScanner } from "../../src/features/attachments/detect-type";
import { hasAcceptedExtension } from "../../src/features/attachments/limits";
import { requestLocale } from "../../src/server/http/locale";
import { contentDisposition } from "../../src/server/storage/content-disposition";
import { keySafeName, sanitizeFileName, ticketAttachmentKey } from "../../src/server/storage/object-key";
import { acceptedSamples, compoundFile, HTML_PAGE, SVG_IMAGE, tinyExe } from "../support/attachment-samples";

const graphemes = (text: string) => [...new Intl.Segmenter("und", { granularity: "grapheme" }).segment(text)];

describe("sanitizeFileName", () => {
  it.each([
    ["../../etc/passwd.pdf", "passwd.pdf"],
    ["C:\\Users\\léa\\Documents\\reçu.pdf", "reçu.pdf"],
    ["dossier/", "dossier"],
    ["..", "fichier"],
    ["", "fichier"],
    ["   ", "fichier"],
    ["  ..cache.pdf. ", "cache.pdf"],
    ["facture\u202Efdp.exe", "facturefdp.exe"],
    ["ligne\r\nsuivante\t.pdf", "lignesuivante.pdf"],
    ["nul\u0000.pdf", "nul.pdf"],
    ["deux    espaces.pdf", "deux espaces.pdf"],
    ['le "vrai" reçu.pdf', 'le "vrai" reçu.pdf'],
    ["e\u0301te\u0301.pdf", "été.pdf"],
  ])("%j → %j", (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it("caps a long name at 200 characters and keeps its extension", () => {
    const name = sanitizeFileName(`${"é".repeat(296)}.pdf`);
    expect(name).toBe(`${"é".repeat(196)}.pdf`);
  });

  it("never cuts an emoji sequence in half", () => {
    const family = "👨‍👩‍👧";
    const name = sanitizeFileName(`${family.repeat(250)}.png`);
    expect(name.endsWith(".png")).toBe(true);
    const parts = graphemes(name.slice(0, -4)).map((g) => g.segment);
    expect(parts.length).toBe(196);
    expect(parts.every((part) => part === family)).toBe(true);
  });
});

describe("object keys", () => {
  it("are ticket-attachments/{ticketId}/{timestamp}_{name}, distinct for the same name", () => {
    const ticketId = "3f1c2b8e-8a9d-4f3e-9c1a-0b2d4e6f8a10";
    const first = ticketAttachmentKey(ticketId, "reçu.pdf");
    const second = ticketAttachmentKey(ticketId, "reçu.pdf");
    expect(first).toMatch(new RegExp(`^ticket-attachments/${ticketId}/\\d{13}_reçu\\.pdf$`));
    expect(second).not.toBe(first);
  });

  it("replace what keys and file systems dislike, keep unicode, and stay under 180 bytes", () => {
    expect(keySafeName('a "b" <c>|d?*e#%{f}.pdf')).toBe("a _b_ _c__d__e___f_.pdf");
    expect(keySafeName("devoir 📚 d'été.pdf")).toBe("devoir 📚 d'été.pdf");
    const long = keySafeName(`${"漢".repeat(150)}.docx`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(180);
    expect(long.endsWith(".docx")).toBe(true);
  });
});

describe("contentDisposition (RFC 6266)", () => {
  it("has an ASCII fallback and the exact name in filename*", () => {
    const header = contentDisposition("attachment", 'rapport "final" d\'été (2) 📚.pdf');
    expect(header).toBe(
      `attachment; filename="rapport _final_ d'ete (2) _.pdf"; filename*=UTF-8''rapport%20%22final%22%20d%27%C3%A9t%C3%A9%20%282%29%20%F0%9F%93%9A.pdf`,
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? "";
    expect(decodeURIComponent(encoded)).toBe('rapport "final" d\'été (2) 📚.pdf');
    expect(contentDisposition("inline", "a.png")).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
  });
});

describe("detectAcceptedType", () => {
  it.each(acceptedSamples().map((s) => [s.name, s.content, s.type] as const))(
    "%s → %s",
    async (_name, content, type) => {
      expect((await detectAcceptedType(content))?.mime).toBe(type);
    },
  );

  it.each([
    ["HTML", HTML_PAGE],
    ["SVG", SVG_IMAGE],
    ["EXE", tinyExe()],
    ["plain text", Buffer.from("Bonjour, voici mon devoir.")],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s", async (_label, content) => {
    expect(await detectAcceptedType(content)).toBeNull();
  });
});

describe("WordDocumentScanner", () => {
  const scan = (content: Buffer, chunkSize: number) => {
    const scanner = new WordDocumentScanner();
    for (let i = 0; i < content.length; i += chunkSize) scanner.push(content.subarray(i, i + chunkSize));
    return scanner.found;
  };

  it.each([1, 7, 128, 300, 100_000])("finds the WordDocument stream whatever the chunk size (%i)", (size) => {
    expect(scan(compoundFile(), size)).toBe(true);
  });

  it("does not find it in another compound file", () => {
    expect(scan(compoundFile("Workbook"), 333)).toBe(false);
  });
});

describe("requestLocale", () => {
  const locale = (headers: Record<string, string>) => requestLocale(new Request("http://x/api", { headers }));
  it("reads the NEXT_LOCALE cookie first, then Accept-Language, and defaults to fr-CA", () => {
    expect(locale({ cookie: "a=1; NEXT_LOCALE=en", "accept-language": "fr-CA" })).toBe("en");
    expect(locale({ cookie: "NEXT_LOCALE=de", "accept-language": "en-US,en;q=0.9" })).toBe("en");
    expect(locale({ "accept-language": "de-DE, en;q=0.5, fr;q=0.8" })).toBe("fr-CA");
    expect(locale({ "accept-language": "de-DE" })).toBe("fr-CA");
    expect(locale({})).toBe("fr-CA");
  });
});

describe("the picker's checks", () => {
  const make = (name: string, size: number) => new File([new Uint8Array(size)], name, { lastModified: 1 });
  const limits = { maxFiles: 3, maxFileBytes: 1000, maxTotalBytes: 1500 };

  it("keeps what passes and says why the rest was left out", () => {
    const kept = make("a.pdf", 400);
    const result = addFiles(
      [kept],
      [
        make("a.pdf", 400),
        make("b.exe", 10),
        make("c.png", 0),
        make("d.png", 1001),
        make("e.jpg", 600),
        make("f.gif", 600),
      ],
      limits,
    );
    expect(result.files.map((f) => f.name)).toEqual(["a.pdf", "e.jpg"]);
    expect(result.problems).toEqual([
      { key: "duplicate", name: "a.pdf" },
      { key: "fileTypeRefused", name: "b.exe" },
      { key: "emptyFile", name: "c.png" },
      { key: "fileTooLarge", name: "d.png" },
      { key: "requestTooLarge" },
    ]);
    const full = addFiles(result.files, [make("g.png", 10), make("h.png", 10)], limits);
    expect(full.files).toHaveLength(3);
    expect(full.problems).toEqual([{ key: "tooManyFiles", count: 3 }]);
  });

  it("knows the accepted extensions, in any case", () => {
    for (const name of ["a.PDF", "b.doc", "c.docx", "d.JPG", "e.jpeg", "f.png", "g.gif", "h.webp"]) {
      expect(hasAcceptedExtension(name), name).toBe(true);
    }
    for (const name of ["a.svg", "b.html", "c.exe", "pdf", "d.pdf.exe"])
      expect(hasAcceptedExtension(name), name).toBe(false);
  });
});

describe("attachment messages", () => {
  it("exist in both languages for every error the server and the picker can give", () => {
    const keys = [
      "fileTooLarge",
      "requestTooLarge",
      "fileTypeRefused",
      "emptyFile",
      "tooManyFiles",
      "duplicate",
      "notMultipart",
      "linkExpired",
      "linkInvalid",
    ];
    for (const key of keys) {
      expect(frCA.attachments.errors, key).toHaveProperty(key);
      expect(en.attachments.errors, key).toHaveProperty(key);
    }
  });
});
