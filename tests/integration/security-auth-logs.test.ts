/**
 * Issue 12 (logs): better-auth logs a failed query with the error itself, and a
 * DrizzleQueryError's message holds the query's parameters, i.e. the session token. Its logger
 * now goes through ours (src/server/auth/auth-logger.ts): the line says what failed, never the token.
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleAuthRequest, resetAuth } from "@/server/auth/auth";
import { scrubAuthLogMessage } from "@/server/auth/auth-logger";
import { closeDb } from "@/server/db/client";
import { resetEnvCache } from "@/server/env";
import { pointAppAtTestDatabase } from "../support/db";
import { captureLogs } from "../support/logs";
import { APP_ORIGIN, authRequest, createStudentWithPassword, RIGHT_PASSWORD } from "../support/security";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await closeDb();
  resetAuth();
  pointAppAtTestDatabase();
  resetEnvCache();
});

describe("better-auth's log lines", () => {
  it("a session lookup failing during a database outage logs the failure without the session token", async () => {
    const student = await createStudentWithPassword();
    const signedIn = await authRequest("/sign-in/email", { email: student.email, password: RIGHT_PASSWORD });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
    expect(token.length).toBeGreaterThan(20);

    const consoleLines: string[] = [];
    for (const method of ["error", "warn", "info", "log"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(
          args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(" "),
        );
      });
    }
    const logs = captureLogs();
    try {
      await closeDb();
      resetAuth();
      process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await closedPort()}/gone`;
      resetEnvCache();
      const response = await handleAuthRequest(
        new Request(`${APP_ORIGIN}/api/auth/get-session`, { headers: { cookie, origin: APP_ORIGIN } }),
      );
      expect(response.status).toBeGreaterThanOrEqual(500);
    } finally {
      logs.stop();
    }
    const lines = logs.lines().filter((line) => line.scope === "better-auth");
    expect(consoleLines.join("\n")).not.toContain(token);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ level: "error" });
    expect(JSON.stringify(lines)).toMatch(/ECONNREFUSED|DrizzleQueryError|Error/);
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain(student.email);
    expect(consoleLines.join("\n")).not.toContain(token);
  });

  it("scrubs what looks like a token, an email or a query's parameters from a message", () => {
    expect(scrubAuthLogMessage("Failed query: select * from sessions where token = $1 params: abc")).toBe(
      "Failed query …",
    );
    expect(scrubAuthLogMessage("Invalid origin: https://evil.example")).toBe("Invalid origin: https://evil.example");
    expect(scrubAuthLogMessage("user eleve@exemple.test token Zx9kQ2mN8pL4vB7cR1tY6wE3uI0oPaSd")).toBe(
      "user [email] token [redacted]",
    );
    expect(scrubAuthLogMessage("one line\nsecond line")).toBe("one line");
  });
});
