/**
 * withUser(user, …) with the request's session user checks that its session is still a row of
 * the sessions table (migration 0038): a password reset or a session revoked elsewhere stops
 * there, whatever the signed cookie cache says. withUser(user.id, …) silently skips that check,
 * so no service in src/ may call it so (workers and scripts act for an id, with no session).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(__dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("withUser callers", () => {
  it("pass the session user, never only its id", () => {
    const offenders = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => /withUser\(\s*(ctx\.)?user\.id\b/.test(line) && !line.trimStart().startsWith("*"))
        .map(({ index }) => `${path.relative(SRC, file)}:${index + 1}`),
    );
    expect(offenders).toEqual([]);
  });
});
