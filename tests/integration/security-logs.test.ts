/**
 * Issue 12, structured logs: one JSON line per route handler request and per server action,
 * with the request id, the user, the route or action, the outcome and the duration; an
 * unexpected error with its SQLSTATE and stack, never the text a user typed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as createTicketRoute } from "@/app/api/tickets/route";
import { closeTicketAction } from "@/features/tickets/actions/student-actions";
import { handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { withRequestLog } from "@/server/log";
import { createStudent, createTicket } from "../factories";
import { signInAs, signOut } from "../support/actions";
import { captureLogs, type TLogCapture } from "../support/logs";
import { setEnv } from "../support/security";
import { faultMarker, INJECTED_FAULT_SQLSTATE, installEventFault } from "../support/tickets";
import { multipartRequest, textFields } from "../support/uploads";

vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

let logs: TLogCapture | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  logs?.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  signOut();
});

const SECRET = "Ma détresse très privée 5b9e";

describe("a route handler request", () => {
  it("that fails in the database: one request line and one error line, with the request id and no user text", async () => {
    cleanups.push(await installEventFault());
    cleanups.push(setEnv({ TRUST_PROXY: "1" }));
    const student = await createStudent();
    await signInAs(student);
    logs = captureLogs();
    const response = await createTicketRoute(
      multipartRequest(
        "/api/tickets",
        textFields({
          subject: `${faultMarker("created")} ${SECRET}`,
          description: `Description : ${SECRET}`,
          category: "paiement",
        }),
        { headers: { "x-request-id": "req-test-0001" } },
      ),
    );
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-test-0001");
    const text = logs.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("détresse");
    const lines = logs.lines();
    const error = lines.find((line) => line.msg === "unexpected error");
    expect(error).toMatchObject({ level: "error", requestId: "req-test-0001", userId: student.id, role: "student" });
    expect(JSON.stringify(error)).toContain(INJECTED_FAULT_SQLSTATE);
    expect(JSON.stringify(error)).toContain("DrizzleQueryError");
    expect((error?.err as { stack?: string[] } | undefined)?.stack?.length).toBeGreaterThan(0);
    const request = lines.filter((line) => line.msg === "request");
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({
      level: "info",
      kind: "route",
      route: "tickets.create",
      requestId: "req-test-0001",
      userId: student.id,
      role: "student",
      status: 500,
      outcome: "error",
      errorCode: "INTERNAL",
    });
    expect(typeof request[0]?.durationMs).toBe("number");
  });

  it("takes no request id from a client without a trusted proxy: it draws one, logs it and echoes it", async () => {
    const route = withRequestLog("tickets.create", (request: Request) => handleCreateTicketUpload(request, null));
    logs = captureLogs();
    const response = await route(
      multipartRequest("/api/tickets", textFields({ subject: SECRET }), {
        headers: { "x-request-id": "forged-id-123" },
      }),
    );
    expect(response.status).toBe(401);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.lines()).toEqual([
      expect.objectContaining({ route: "tickets.create", requestId: id, status: 401, errorCode: "UNAUTHENTICATED" }),
    ]);
    expect(logs.text()).not.toContain(SECRET);
  });
});

describe("a server action", () => {
  it("logs one line with the user, its role and the outcome", async () => {
    const student = await createStudent();
    const ticket = await createTicket({ userId: student.id, subject: SECRET });
    await signInAs(student);
    logs = captureLogs();
    await closeTicketAction({ ticketId: ticket.id });
    await closeTicketAction({ ticketId: "pas-un-uuid" });
    const lines = logs.lines().filter((line) => line.kind === "action");
    expect(lines).toEqual([
      expect.objectContaining({ userId: student.id, role: "student", outcome: "ok" }),
      expect.objectContaining({ userId: student.id, role: "student", outcome: "error" }),
    ]);
    expect(lines[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.text()).not.toContain(SECRET);
  });
});
