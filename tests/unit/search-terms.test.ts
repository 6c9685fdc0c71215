import { describe, expect, it } from "vitest";
import { snippetPieces } from "@/features/tickets/repository/lists";
import { buildSearchTerms } from "@/features/tickets/search";

describe("buildSearchTerms: the text for the students' name and email (issue 17)", () => {
  it("keeps the text as typed, spaces collapsed, for a name or an email prefix", () => {
    expect(buildSearchTerms("  Éloïse   Tremblay ").studentText).toBe("Éloïse Tremblay");
    expect(buildSearchTerms("eloise.tremblay@exe").studentText).toBe("eloise.tremblay@exe");
    expect(buildSearchTerms("eloise.tremblay@exe").words).toEqual(["eloise", "tremblay", "exe"]);
  });

  it("has no student text for a ticket number or a single character", () => {
    expect(buildSearchTerms("#1042")).toEqual({ words: [], ticketNumber: 1042, studentText: null });
    expect(buildSearchTerms("é").studentText).toBeNull();
    expect(buildSearchTerms("   ").studentText).toBeNull();
  });

  it("cuts a very long text", () => {
    expect(buildSearchTerms("a".repeat(500)).studentText).toHaveLength(120);
  });
});

describe("snippetPieces: ts_headline's marks into plain and marked pieces", () => {
  it("marks the words between the marks, and only them", () => {
    expect(snippetPieces("Le code \u0001Ornithorynque\u0002 est \u0001réglé\u0002.")).toEqual([
      { text: "Le code ", marked: false },
      { text: "Ornithorynque", marked: true },
      { text: " est ", marked: false },
      { text: "réglé", marked: true },
      { text: ".", marked: false },
    ]);
  });

  it("keeps markup as text and drops a stray mark", () => {
    expect(snippetPieces("<b>gras</b> \u0002fin")).toEqual([
      { text: "<b>gras</b> ", marked: false },
      { text: "fin", marked: false },
    ]);
    expect(snippetPieces("")).toEqual([]);
  });
});
