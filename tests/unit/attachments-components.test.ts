import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import frCA from "../../messages/fr-CA.json";
import { AttachmentPicker, UploadProgress } from "../../src/features/attachments/components";

function render(node: ReactNode, locale: "fr-CA" | "en" = "fr-CA"): string {
  const messages = locale === "en" ? en : frCA;
  return renderToStaticMarkup(
    // biome-ignore lint/correctness/noChildrenProp: no JSX in .ts tests; React's typings want children in props
    createElement(NextIntlClientProvider, { locale, messages, timeZone: "America/Toronto", children: node }),
  );
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("AttachmentPicker", () => {
  it("lists the chosen files with their size and a labelled remove button, and shows the error", () => {
    const files = [
      new File([new Uint8Array(2048)], "reçu.pdf"),
      new File([new Uint8Array(3 * 1024 * 1024)], "photo 📚.jpg"),
    ];
    const html = render(createElement(AttachmentPicker, { files, onChange: () => {}, error: "Erreur du serveur." }));
    expect(text(html)).toContain("Pièces jointes");
    expect(text(html)).toContain("Choisir des fichiers");
    expect(html).toMatch(/reçu\.pdf<\/span><span[^>]*>2\sko<\/span>/);
    expect(html).toMatch(/photo 📚\.jpg<\/span><span[^>]*>3\sMo<\/span>/);
    expect(html).toContain('aria-label="Retirer « reçu.pdf »"');
    expect(html).toContain('accept=".pdf,application/pdf,.doc,application/msword');
    expect(text(html)).toContain("Erreur du serveur.");
    expect(text(html)).toMatch(/PDF, DOC, DOCX, JPG, PNG, GIF, WEBP · 32\sMo par fichier · 10 fichiers au maximum/);
  });

  it("speaks English in English", () => {
    const html = render(createElement(AttachmentPicker, { files: [], onChange: () => {}, maxFiles: 1 }), "en");
    expect(text(html)).toMatch(/Attachments Choose files or drop them here .*32\sMB per file · at most 1 file/);
  });
});

describe("UploadProgress", () => {
  it("renders an accessible progress bar, and nothing without progress", () => {
    const html = render(createElement(UploadProgress, { progress: { loaded: 25, total: 100 } }));
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain("width:25%");
    expect(text(html)).toMatch(/Envoi des fichiers 25\s%/);
    expect(render(createElement(UploadProgress, { progress: null }))).toBe("");
  });
});
