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

describe("validation messages", () => {
  it("exist in both languages for every key the schemas and services use", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry)) files.push(full);
      }
    };
    walk("src/features");
    const keys = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // trimmedText(min, max, "subject") builds `${key}Required`, `${key}TooShort`, `${key}TooLong`.
      const suffixes = [...text.matchAll(/`\$\{key\}(\w+)`/g)].map((m) => m[1]);
      for (const m of text.matchAll(/trimmedText\([^)]*"(\w+)"\)/g)) {
        for (const suffix of suffixes) keys.add(`${m[1]}${suffix}`);
      }
      for (const m of text.matchAll(/message: "(\w+)"/g)) if (m[1]) keys.add(m[1]);
      for (const m of text.matchAll(/validationError\("[\w.]+", "(\w+)"\)/g)) if (m[1]) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(10);
    const fr = flatten(frCA);
    const english = flatten(en);
    for (const key of keys) {
      expect(fr.has(`validation.${key}`), key).toBe(true);
      expect(english.has(`validation.${key}`), key).toBe(true);
    }
  });
});
