/**
 * Issue 19, found 4: the upload forms send an Idempotency-Key made once per submission and kept
 * while the same content is sent again (a retry after "try again"), a new one once it changed.
 */
import { describe, expect, it } from "vitest";
import { submissionKeyFor } from "@/features/attachments/upload-client";

const file = (name: string, bytes: number) => new File([new Uint8Array(bytes)], name, { lastModified: 1 });

describe("submissionKeyFor", () => {
  it("keeps the key while fields and files are the same, and makes a new one when they change", () => {
    const first = submissionKeyFor(null, { subject: "Reçu", description: "Bonjour" }, [file("a.png", 3)]);
    expect(first.key).toMatch(/^[0-9a-f]{32}$/);
    expect(submissionKeyFor(first, { subject: "Reçu", description: "Bonjour" }, [file("a.png", 3)])).toBe(first);
    const edited = submissionKeyFor(first, { subject: "Reçu!", description: "Bonjour" }, [file("a.png", 3)]);
    expect(edited.key).not.toBe(first.key);
    expect(submissionKeyFor(first, { subject: "Reçu", description: "Bonjour" }, [file("a.png", 4)]).key).not.toBe(
      first.key,
    );
    expect(submissionKeyFor(first, { subject: "Reçu", description: "Bonjour" }, []).key).not.toBe(first.key);
  });

  it("two fresh submissions never share a key", () => {
    const keys = new Set(Array.from({ length: 100 }, () => submissionKeyFor(null, { message: "x" }, []).key));
    expect(keys.size).toBe(100);
  });
});
