import { NextRequest, type NextResponse } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import runProxy from "@/proxy";
import { resetEnvCache } from "@/server/env";

/** Requests without a session cookie: the proxy answers synchronously. */
const proxy = (request: NextRequest) => runProxy(request) as NextResponse;

const saved = process.env.TRUST_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = saved;
  resetEnvCache();
});

const page = (headers: Record<string, string> = {}) =>
  proxy(new NextRequest("http://localhost:3100/connexion", { headers: { "accept-language": "fr-CA", ...headers } }));

describe("request ids (src/proxy.ts)", () => {
  it("a fresh id per request, handed to the render and echoed on the response; the CSP stays", () => {
    const first = page();
    const second = page();
    const id = first.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get("x-request-id")).not.toBe(id);
    expect(first.headers.get("x-middleware-request-x-request-id")).toBe(id);
    expect(first.headers.get("content-security-policy")).toContain("'strict-dynamic'");
  });

  it("a client's id is taken only behind a trusted proxy, and only when it looks like an id", () => {
    expect(page({ "x-request-id": "client-chosen-1" }).headers.get("x-request-id")).not.toBe("client-chosen-1");
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    expect(page({ "x-request-id": "nginx-0123456789" }).headers.get("x-request-id")).toBe("nginx-0123456789");
    expect(page({ "x-request-id": "a b c <script>" }).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("server action requests (src/proxy.ts)", () => {
  const action = (id: string, headers: Record<string, string> = {}) =>
    proxy(
      new NextRequest("http://localhost:3100/etudiant", {
        method: "POST",
        headers: { "next-action": id, origin: "http://localhost:3100", ...headers },
        body: "[]",
      }),
    );
  const ID = "7f31d7ab2caffa34433743f5d0456e45fb8a16bb19";

  it("a malformed action id answers 400 and a foreign origin 403, where Next.js answered 500", () => {
    expect(action("not-an-action").status).toBe(400);
    expect(action("'; drop table --").status).toBe(400);
    expect(action(ID, { origin: "http://evil.example" }).status).toBe(403);
    expect(action(ID, { "sec-fetch-site": "cross-site" }).status).toBe(403);
  });

  it("a well-formed action from the app's origin goes on to Next.js", () => {
    const response = action(ID);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("'strict-dynamic'");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
