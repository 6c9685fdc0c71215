import { describe, expect, it } from "vitest";
import { pastedImages } from "@/features/attachments/components/file-checks";
import { emailBreakPoints, linkifyText } from "@/lib/linkify";

describe("linkifyText", () => {
  it("links http, https and email addresses, leaving sentence punctuation out", () => {
    expect(linkifyText("Voir https://exemple.org/a?b=1. Ou aide@exemple.org, merci")).toEqual([
      { kind: "text", text: "Voir " },
      { kind: "link", text: "https://exemple.org/a?b=1", href: "https://exemple.org/a?b=1" },
      { kind: "text", text: ". Ou " },
      { kind: "link", text: "aide@exemple.org", href: "mailto:aide@exemple.org" },
      { kind: "text", text: ", merci" },
    ]);
  });

  it("never links javascript:, data: or other schemes, and keeps markup as text", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<script>x</script>",
      "<a href='x'>y</a>",
      "ftp://x.org",
    ]) {
      expect(linkifyText(text).filter((part) => part.kind === "link")).toEqual([]);
      expect(
        linkifyText(text)
          .map((part) => part.text)
          .join(""),
      ).toBe(text);
    }
  });

  it("keeps a parenthesis that belongs to the address", () => {
    const [link] = linkifyText("https://fr.wikipedia.org/wiki/Lac_(homonymie)").filter((p) => p.kind === "link");
    expect(link?.text).toBe("https://fr.wikipedia.org/wiki/Lac_(homonymie)");
  });

  it("gives back the whole text, line breaks included", () => {
    const text = "Un\n\nDeux https://a.example\ntrois";
    expect(
      linkifyText(text)
        .map((part) => part.text)
        .join(""),
    ).toBe(text);
  });
});

describe("emailBreakPoints", () => {
  it("breaks after @ and before each dot of the domain", () => {
    expect(emailBreakPoints("prenom.nom@sous.domaine.example")).toEqual([
      "prenom.nom@",
      "sous",
      ".domaine",
      ".example",
    ]);
    expect(emailBreakPoints("pas-une-adresse")).toEqual(["pas-une-adresse"]);
  });
});

describe("pastedImages", () => {
  const item = (type: string, kind = "file") => ({
    kind,
    type,
    getAsFile: () => new File([new Uint8Array([1, 2, 3])], "image.png", { type }),
  });

  it("turns pasted images into uniquely named files and ignores text and other files", () => {
    const files = pastedImages(
      [item("image/png"), item("text/plain", "string"), item("application/pdf"), item("image/jpeg")],
      new Date("2026-12-02T14:05:09Z"),
    );
    expect(files.map((file) => [file.name, file.type, file.size])).toEqual([
      ["capture-2026-12-02-14h05m09s-1.png", "image/png", 3],
      ["capture-2026-12-02-14h05m09s-2.jpg", "image/jpeg", 3],
    ]);
  });
});
