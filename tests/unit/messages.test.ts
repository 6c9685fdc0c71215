import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import frCA from "../../messages/fr-CA.json";

function flatten(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe("translations", () => {
  const fr = flatten(frCA);
  const english = flatten(en);

  it("have the same keys in French and English", () => {
    expect([...fr.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("use the same placeholders in both languages", () => {
    for (const [key, text] of fr) {
      expect(placeholders(english.get(key) ?? ""), key).toEqual(placeholders(text));
    }
  });

  it("have no empty message", () => {
    for (const [key, text] of [...fr, ...english]) expect(text.trim(), key).not.toBe("");
  });

  it("translate every error code the server can return", async () => {
    const { ERROR_CODES } = await import("../../src/server/errors");
    for (const code of ERROR_CODES) {
      expect(fr.has(`errors.${code}`), code).toBe(true);
    }
  });
});
