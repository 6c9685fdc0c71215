import { describe, expect, it } from "vitest";
import { z } from "zod";
import { hasNoNulByte, refuseNulBytes } from "@/lib/nul-bytes";
import { clientAddress } from "@/server/http/client-address";
import { localeFromHeaders } from "@/server/http/locale";
import { summarizeErrorForLog } from "@/server/security/safe-error-log";

describe("refuseNulBytes", () => {
  const ZSubject = refuseNulBytes(z.string().trim()).min(5, { message: "subjectTooShort" });

  it("refuses a NUL byte anywhere with validation.nulByte, and keeps the schema's other checks", () => {
    for (const value of ["\u0000Bonjour", "Bonjour\u0000", "Bon\u0000jour"]) {
      const parsed = ZSubject.safeParse(value);
      expect(parsed.success, JSON.stringify(value)).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toContain("nulByte");
    }
    expect(ZSubject.safeParse("Bonjour à tous").success).toBe(true);
    expect(ZSubject.safeParse("abc").error?.issues[0]?.message).toBe("subjectTooShort");
    expect(hasNoNulByte("\u0001 ok")).toBe(true);
  });
});

describe("clientAddress", () => {
  const headers = (forwardedFor: string) => new Headers({ "x-forwarded-for": forwardedFor });

  it("never reads X-Forwarded-For without trusted hops", () => {
    expect(clientAddress(headers("203.0.113.9"), 0)).toBeNull();
  });

  it("takes the entry the outermost trusted proxy wrote, whatever the client put on the left", () => {
    expect(clientAddress(headers("1.2.3.4, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddress(headers("1.2.3.4, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
    expect(clientAddress(headers("::ffff:198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddress(headers("2001:DB8::1"), 1)).toBe("2001:db8::1");
  });

  it("gives null for too few entries or something that is not an address", () => {
    expect(clientAddress(headers("198.51.100.7"), 2)).toBeNull();
    expect(clientAddress(headers("1.2.3.4, pas-une-adresse"), 1)).toBeNull();
    expect(clientAddress(new Headers(), 1)).toBeNull();
  });
});

describe("localeFromHeaders", () => {
  it("falls back like a missing cookie when NEXT_LOCALE is not valid percent-encoding", () => {
    expect(localeFromHeaders(new Headers({ cookie: "NEXT_LOCALE=%ZZ" }))).toBe("fr-CA");
    expect(localeFromHeaders(new Headers({ cookie: "NEXT_LOCALE=%ZZ", "accept-language": "en-US" }))).toBe("en");
    expect(localeFromHeaders(new Headers({ cookie: "NEXT_LOCALE=en" }))).toBe("en");
  });
});

describe("summarizeErrorForLog", () => {
  it("keeps names, codes and frames, never a message", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "secret-7f3a"'), {
      code: "22P02",
      routine: "string_to_uuid",
    });
    const error = new Error("Failed query: select $1\nparams: secret-7f3a", { cause });
    const summary = JSON.stringify(summarizeErrorForLog(error));
    expect(summary).not.toContain("secret-7f3a");
    expect(summary).toContain("22P02");
    expect(summary).toContain("string_to_uuid");
    expect(summary).toContain("security.test.ts");
  });
});
