/**
 * AUTH_MODE=supabase end to end: a request carrying the host app's Supabase session (its
 * @supabase/ssr cookie, or a Bearer header) reaches the real actions as the platform user whose
 * `users.id` is the token's `sub`, with the role of our users table, and the request's RLS
 * transaction runs as that user. Tokens are signed here with the project's HS256 secret.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getAllSupportTicketsAction } from "@/features/tickets/actions/admin-actions";
import { getStudentTicketsAction } from "@/features/tickets/actions/student-actions";
import { createSupportTicket } from "@/features/tickets/service/create-ticket";
import { getSessionUser, requireUser } from "@/server/auth/session";
import { resetEnvCache } from "@/server/env";
import { createAdmin, createStudent, createTicket, sessionUserOf, type TUserRow } from "../factories";
import { dataOf, expectServerError, signInAs, signOut } from "../support/actions";

const SUPABASE_URL = "http://127.0.0.1:54321";
const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const COOKIE = "sb-127-auth-token";

/** The request's headers: what the host app's browser (or an API client) sends. */
const request = { headers: new Headers() };

vi.mock("next/headers", async () => {
  const actions = await import("../support/actions");
  return {
    ...actions.nextHeadersMock,
    // A better-auth cookie made by signInAs() rides along, to prove supabase mode ignores it.
    headers: async () => {
      const merged = new Headers(await actions.nextHeadersMock.headers());
      for (const [name, value] of request.headers) {
        merged.set(name, name === "cookie" && merged.get("cookie") ? `${merged.get("cookie")}; ${value}` : value);
      }
      return merged;
    },
  };
});
vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);

function accessToken(sub: string, claims: Record<string, unknown> = {}, secret = SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, aud: "authenticated", iss: `${SUPABASE_URL}/auth/v1`, role: "authenticated", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(typeof claims.exp === "number" ? claims.exp : now + 3600)
    .sign(new TextEncoder().encode(secret));
}

/** @supabase/ssr's cookie: `base64-` + base64url of the session JSON. */
async function sessionCookie(sub: string, claims?: Record<string, unknown>): Promise<string> {
  const session = {
    access_token: await accessToken(sub, claims),
    token_type: "bearer",
    refresh_token: "r",
    user: { id: sub },
  };
  return `${COOKIE}=base64-${Buffer.from(JSON.stringify(session)).toString("base64url")}`;
}

function send(init: Record<string, string>): void {
  request.headers = new Headers(init);
}

let student: TUserRow;
let otherStudent: TUserRow;
let admin: TUserRow;

beforeAll(async () => {
  vi.stubEnv("AUTH_MODE", "supabase");
  vi.stubEnv("SUPABASE_URL", SUPABASE_URL);
  vi.stubEnv("SUPABASE_JWT_SECRET", SECRET);
  resetEnvCache();
  [student, otherStudent, admin] = await Promise.all([createStudent(), createStudent(), createAdmin()]);
});

afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

beforeEach(() => {
  signOut();
  send({});
});

describe("AUTH_MODE=supabase: who the request is", () => {
  it("signs in the platform user named by a valid session cookie, with our table's data", async () => {
    send({ cookie: await sessionCookie(student.id) });
    expect(await getSessionUser()).toEqual(sessionUserOf(student));
  });

  it("signs in from Authorization: Bearer", async () => {
    send({ authorization: `Bearer ${await accessToken(admin.id)}` });
    expect(await requireUser()).toEqual(sessionUserOf(admin));
  });

  it("takes the role from our users table, never from the token", async () => {
    send({
      cookie: await sessionCookie(student.id, {
        role: "service_role",
        app_metadata: { role: "admin" },
        user_metadata: { role: "admin" },
        user_role: "admin",
      }),
    });
    expect((await requireUser()).role).toBe("student");
    expectServerError(await getAllSupportTicketsAction({}), "FORBIDDEN");
  });

  it("treats a valid token of an unknown user as signed out", async () => {
    send({ cookie: await sessionCookie(randomUUID()) });
    expect(await getSessionUser()).toBeNull();
    expectServerError(await getStudentTicketsAction({}), "UNAUTHENTICATED");
  });

  it("treats an expired token, another project's token and no session as signed out", async () => {
    send({ cookie: await sessionCookie(student.id, { exp: Math.floor(Date.now() / 1000) - 600 }) });
    expect(await getSessionUser()).toBeNull();
    send({
      authorization: `Bearer ${await accessToken(student.id, {}, "another-project-secret-that-is-32-characters")}`,
    });
    expect(await getSessionUser()).toBeNull();
    send({});
    expectServerError(await getStudentTicketsAction({}), "UNAUTHENTICATED");
  });

  it("ignores a better-auth session: the host app alone signs users in", async () => {
    await signInAs(student);
    expect(await getSessionUser()).toBeNull();
  });
});

describe("AUTH_MODE=supabase: the RLS transaction runs as that user", () => {
  it("a student reads only their own tickets; an admin sees the student's new ticket", async () => {
    const mine = await createTicket({ userId: student.id });
    await createTicket({ userId: otherStudent.id });

    send({ cookie: await sessionCookie(student.id) });
    const created = await createSupportTicket(await requireUser(), {
      subject: "Séance de jeudi introuvable",
      description: "Ma séance de jeudi n'apparaît plus dans mon horaire depuis ce matin.",
      category: "reservations",
    });
    const page = dataOf(await getStudentTicketsAction({}));
    expect(new Set(page.items.map((ticket) => ticket.id))).toEqual(new Set([mine.id, created.id]));

    send({ authorization: `Bearer ${await accessToken(admin.id)}` });
    const adminPage = dataOf(await getAllSupportTicketsAction({}));
    expect(adminPage.items.map((ticket) => ticket.id)).toContain(created.id);
  });
});

describe("AUTH_MODE=supabase with the project's asymmetric keys", () => {
  it("signs in with an ES256 token verified through SUPABASE_JWKS_URL", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" }] });
    const server = createServer((_, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end(jwks),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      vi.stubEnv("SUPABASE_JWKS_URL", `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
      resetEnvCache();
      const token = await new SignJWT({ sub: student.id, aud: "authenticated", iss: `${SUPABASE_URL}/auth/v1` })
        .setProtectedHeader({ alg: "ES256", kid: "k1" })
        .setExpirationTime("1h")
        .sign(privateKey);
      send({ authorization: `Bearer ${token}` });
      expect(await getSessionUser()).toEqual(sessionUserOf(student));
    } finally {
      vi.stubEnv("SUPABASE_JWKS_URL", "");
      resetEnvCache();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("AUTH_MODE=better-auth (the default) ignores Supabase sessions", () => {
  it("a Supabase cookie or Bearer token signs no one in", async () => {
    vi.stubEnv("AUTH_MODE", "better-auth");
    resetEnvCache();
    try {
      send({ cookie: await sessionCookie(student.id), authorization: `Bearer ${await accessToken(student.id)}` });
      expect(await getSessionUser()).toBeNull();
    } finally {
      vi.stubEnv("AUTH_MODE", "supabase");
      resetEnvCache();
    }
  });
});
