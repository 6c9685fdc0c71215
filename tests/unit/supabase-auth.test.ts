/**
 * Supabase Auth sessions (AUTH_MODE=supabase), without a database: where the access token is
 * read from (Bearer header, @supabase/ssr's cookie in its three shapes) and which tokens verify.
 * Every token is signed here: HS256 with a project-like secret, ES256 through a JWKS served on
 * 127.0.0.1 the way Supabase serves /auth/v1/.well-known/jwks.json.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  readSupabaseAccessToken,
  supabaseAuthConfig,
  type TSupabaseAuthConfig,
  verifySupabaseAccessToken,
} from "@/server/auth/supabase-session";
import { resetEnvCache } from "@/server/env";

const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const ISSUER = "http://127.0.0.1:54321/auth/v1";
const COOKIE = "sb-127-auth-token";
const userId = randomUUID();

let server: Server;
let jwksUrl: string;
let privateKey: CryptoKey;
let otherPrivateKey: CryptoKey;
let config: TSupabaseAuthConfig;

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  privateKey = pair.privateKey;
  otherPrivateKey = (await generateKeyPair("ES256")).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
  server = createServer((request, response) => {
    if (request.url !== "/auth/v1/.well-known/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/v1/.well-known/jwks.json`;
  config = {
    jwtSecret: SECRET,
    jwks: createRemoteJWKSet(new URL(jwksUrl)),
    audience: "authenticated",
    issuer: ISSUER,
    cookieName: COOKIE,
  };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

type TClaims = Record<string, unknown>;

/** An access token as Supabase Auth issues it, with `changes` on top. */
function claimsOf(changes: TClaims = {}): TClaims {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userId,
    aud: "authenticated",
    iss: ISSUER,
    role: "authenticated",
    email: "eleve@exemple.test",
    iat: now,
    exp: now + 3600,
    session_id: randomUUID(),
    ...changes,
  };
}

function hs256(changes?: TClaims, secret = SECRET): Promise<string> {
  return new SignJWT(claimsOf(changes))
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

function es256(changes?: TClaims, key = privateKey): Promise<string> {
  return new SignJWT(claimsOf(changes)).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: "key-1" }).sign(key);
}

const b64url = (value: string) => Buffer.from(value).toString("base64url");
const verify = (token: string, overrides: Partial<TSupabaseAuthConfig> = {}) =>
  verifySupabaseAccessToken(token, { ...config, ...overrides });

describe("verifySupabaseAccessToken: tokens that sign a user in", () => {
  it("accepts a valid HS256 token signed with the project secret", async () => {
    expect(await verify(await hs256())).toBe(userId);
  });

  it("accepts a valid ES256 token through the project's JWKS (served on 127.0.0.1)", async () => {
    expect(await verify(await es256())).toBe(userId);
  });

  it("accepts ES256 through a local key set and HS256 without any JWKS", async () => {
    const pair = await generateKeyPair("ES256");
    const local = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "ES256" }] });
    expect(await verify(await es256({}, pair.privateKey), { jwks: local })).toBe(userId);
    expect(await verify(await hs256(), { jwks: undefined })).toBe(userId);
  });

  it("tolerates a few seconds of clock skew", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await verify(await hs256({ exp: now - 10 }))).toBe(userId);
    expect(await verify(await hs256({ iat: now + 10, nbf: now + 10 }))).toBe(userId);
  });
});

describe("verifySupabaseAccessToken: tokens that sign no one in", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("refuses an expired token", async () => {
    expect(await verify(await hs256({ iat: now() - 7200, exp: now() - 3600 }))).toBeNull();
  });

  it("refuses a token not yet valid", async () => {
    expect(await verify(await hs256({ nbf: now() + 600 }))).toBeNull();
  });

  it("refuses a token without an expiry", async () => {
    const token = await new SignJWT({ ...claimsOf(), exp: undefined })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(SECRET));
    expect(await verify(token)).toBeNull();
  });

  it("refuses a token signed with another key (HS256 and ES256)", async () => {
    expect(await verify(await hs256({}, "another-project-secret-that-is-32-characters-long"))).toBeNull();
    expect(await verify(await es256({}, otherPrivateKey))).toBeNull();
  });

  it("refuses another audience (the anon key's, a service token's)", async () => {
    expect(await verify(await hs256({ aud: "anon" }))).toBeNull();
    expect(await verify(await hs256({ aud: undefined }))).toBeNull();
  });

  it("refuses another issuer", async () => {
    expect(await verify(await hs256({ iss: "https://other-project.supabase.co/auth/v1" }))).toBeNull();
    expect(await verify(await hs256({ iss: undefined }))).toBeNull();
  });

  it("refuses a tampered payload (the signature no longer matches)", async () => {
    const [header, , signature] = (await hs256()).split(".");
    const forged = b64url(JSON.stringify(claimsOf({ sub: randomUUID() })));
    expect(await verify(`${header}.${forged}.${signature}`)).toBeNull();
  });

  it("refuses alg: none", async () => {
    const unsigned = `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64url(JSON.stringify(claimsOf()))}.`;
    expect(await verify(unsigned)).toBeNull();
  });

  it("refuses an HS256 token made with the JWKS's public key as the secret (algorithm confusion)", async () => {
    const response = await fetch(jwksUrl);
    const publicJwk = JSON.stringify((await response.json()).keys[0]);
    const token = await new SignJWT(claimsOf())
      .setProtectedHeader({ alg: "HS256", kid: "key-1" })
      .sign(new TextEncoder().encode(publicJwk));
    expect(await verify(token, { jwtSecret: undefined })).toBeNull();
  });

  it("refuses an algorithm the project has no key for", async () => {
    expect(await verify(await hs256(), { jwtSecret: undefined })).toBeNull();
    expect(await verify(await es256(), { jwks: undefined })).toBeNull();
  });

  it("refuses a token whose sub is missing or not a user id, and anonymous sign-ins", async () => {
    expect(await verify(await hs256({ sub: undefined }))).toBeNull();
    expect(await verify(await hs256({ sub: "service_role" }))).toBeNull();
    expect(await verify(await hs256({ is_anonymous: true }))).toBeNull();
  });

  it("refuses garbage without throwing", async () => {
    for (const token of ["", "abc", "a.b.c", "....", `${b64url("{}")}.${b64url("{}")}.x`]) {
      expect(await verify(token)).toBeNull();
    }
  });
});

describe("readSupabaseAccessToken: where the token comes from", () => {
  const session = (token: string) =>
    JSON.stringify({ access_token: token, token_type: "bearer", expires_in: 3600, refresh_token: "r-1", user: {} });
  const headersWith = (init: Record<string, string>) => new Headers(init);

  it("reads Authorization: Bearer first", () => {
    const request = headersWith({
      authorization: "Bearer tok.en.1",
      cookie: `${COOKIE}=base64-${b64url(session("x.y.z"))}`,
    });
    expect(readSupabaseAccessToken(request, COOKIE)).toBe("tok.en.1");
  });

  it("reads @supabase/ssr's base64- cookie", () => {
    const request = headersWith({ cookie: `other=1; ${COOKIE}=base64-${b64url(session("a.b.c"))}; x=y` });
    expect(readSupabaseAccessToken(request, COOKIE)).toBe("a.b.c");
  });

  it("joins a chunked cookie (.0, .1, .2) before decoding it", () => {
    const value = `base64-${b64url(session(`a.${"b".repeat(5000)}.c`))}`;
    const chunks = [value.slice(0, 3180), value.slice(3180, 6360), value.slice(6360)];
    const cookie = chunks.map((chunk, index) => `${COOKIE}.${index}=${chunk}`).join("; ");
    expect(readSupabaseAccessToken(headersWith({ cookie }), COOKIE)).toBe(`a.${"b".repeat(5000)}.c`);
  });

  it("reads the older shapes: URI-encoded JSON and the auth-helpers' array", () => {
    const json = headersWith({ cookie: `${COOKIE}=${encodeURIComponent(session("j.s.on"))}` });
    expect(readSupabaseAccessToken(json, COOKIE)).toBe("j.s.on");
    const array = headersWith({ cookie: `${COOKIE}=${encodeURIComponent(JSON.stringify(["ar.r.ay", "refresh"]))}` });
    expect(readSupabaseAccessToken(array, COOKIE)).toBe("ar.r.ay");
  });

  it("finds nothing in another project's cookie, a broken cookie, or with no cookie name", () => {
    const other = headersWith({ cookie: `sb-other-auth-token=base64-${b64url(session("a.b.c"))}` });
    expect(readSupabaseAccessToken(other, COOKIE)).toBeNull();
    expect(readSupabaseAccessToken(headersWith({ cookie: `${COOKIE}=base64-!!!` }), COOKIE)).toBeNull();
    expect(readSupabaseAccessToken(headersWith({ cookie: `${COOKIE}=%E0%A4%A` }), COOKIE)).toBeNull();
    expect(
      readSupabaseAccessToken(headersWith({ cookie: `${COOKIE}=base64-${b64url(session("a.b.c"))}` }), undefined),
    ).toBeNull();
    expect(readSupabaseAccessToken(headersWith({ authorization: "Basic dTpw" }), COOKIE)).toBeNull();
  });
});

describe("supabaseAuthConfig and the environment", () => {
  function withEnv(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
    resetEnvCache();
  }

  it("derives the cookie, JWKS and issuer from SUPABASE_URL", async () => {
    withEnv({ AUTH_MODE: "supabase", SUPABASE_URL: "https://abcdefghij.supabase.co/" });
    const derived = supabaseAuthConfig();
    expect(derived).toMatchObject({
      cookieName: "sb-abcdefghij-auth-token",
      issuer: "https://abcdefghij.supabase.co/auth/v1",
      audience: "authenticated",
      jwtSecret: undefined,
    });
    expect(derived.jwks).toBeTypeOf("function");
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("refuses supabase mode without a key or an issuer", async () => {
    const { env } = await import("@/server/env");
    withEnv({ AUTH_MODE: "supabase", SUPABASE_URL: "", SUPABASE_JWT_SECRET: SECRET, SUPABASE_JWT_ISSUER: "" });
    expect(() => env()).toThrow(/SUPABASE_URL or SUPABASE_JWT_ISSUER/);
    withEnv({ AUTH_MODE: "supabase", SUPABASE_JWT_SECRET: "", SUPABASE_JWT_ISSUER: ISSUER });
    expect(() => env()).toThrow(/needs SUPABASE_URL, SUPABASE_JWKS_URL or SUPABASE_JWT_SECRET/);
    vi.unstubAllEnvs();
    resetEnvCache();
    expect(env().AUTH_MODE).toBe("better-auth");
  });

  it("refuses host mode without Supabase sign-in, and keeps standalone the default", async () => {
    const { env } = await import("@/server/env");
    withEnv({ HOST_MODE: "true", AUTH_MODE: "better-auth" });
    expect(() => env()).toThrow(/HOST_MODE: HOST_MODE=true needs AUTH_MODE=supabase/);
    withEnv({ HOST_MODE: "true", AUTH_MODE: "supabase", SUPABASE_URL: "https://abcdefghij.supabase.co" });
    expect(env().HOST_MODE).toBe(true);
    vi.unstubAllEnvs();
    resetEnvCache();
    expect(env().HOST_MODE).toBe(false);
  });
});
