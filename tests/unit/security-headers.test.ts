import { NextRequest, type NextResponse } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import runProxy from "@/proxy";
import { resetEnvCache } from "@/server/env";

/** Requests without a session cookie: the proxy answers synchronously. */
const proxy = (request: NextRequest) => runProxy(request) as NextResponse;

const saved = { APP_URL: process.env.APP_URL, NODE_ENV: process.env.NODE_ENV };
afterEach(() => {
  process.env.APP_URL = saved.APP_URL;
  (process.env as Record<string, string | undefined>).NODE_ENV = saved.NODE_ENV;
  resetEnvCache();
});

const page = (path: string, headers: Record<string, string> = {}) =>
  proxy(new NextRequest(`http://localhost:3100${path}`, { headers: { "accept-language": "fr-CA", ...headers } }));

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];

describe("page security headers (src/proxy.ts)", () => {
  it("a Content-Security-Policy with a fresh nonce on every page, given to Next.js on the request too", () => {
    for (const path of ["/connexion", "/en/connexion", "/", "/etudiant/demandes/nouvelle", "/robots.txt"]) {
      const first = page(path);
      const second = page(path);
      const policy = first.headers.get("content-security-policy");
      expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("form-action 'self'");
      expect(nonceOf(policy)).not.toBe(nonceOf(second.headers.get("content-security-policy")));
      // How NextResponse passes an overridden request header on to the page's render.
      expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    }
  });

  it("no 'unsafe-eval' outside development", () => {
    for (const mode of ["production", "test"]) {
      (process.env as Record<string, string>).NODE_ENV = mode;
      resetEnvCache();
      expect(page("/connexion").headers.get("content-security-policy")).not.toContain("unsafe-eval");
    }
    (process.env as Record<string, string>).NODE_ENV = "development";
    resetEnvCache();
    expect(page("/connexion").headers.get("content-security-policy")).toContain("'unsafe-eval'");
  });

  it("HSTS only when the app is served over HTTPS", () => {
    expect(page("/connexion").headers.get("strict-transport-security")).toBeNull();
    process.env.APP_URL = "https://soutien.exemple.ca";
    resetEnvCache();
    expect(page("/connexion").headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("never reflects Host or X-Forwarded-Host into a Link header", () => {
    const response = page("/connexion", { host: "attaquant.example", "x-forwarded-host": "attaquant.example" });
    expect(response.headers.get("link")).toBeNull();
    // x-middleware-request-* carry the request's own headers to the render; Next.js never sends them out.
    const sent = [...response.headers].filter(([name]) => !name.startsWith("x-middleware-request-"));
    expect(JSON.stringify(sent)).not.toContain("attaquant.example");
  });
});
