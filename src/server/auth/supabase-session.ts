import "server-only";
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { env } from "../env";
import { getLogger } from "../log";

/**
 * Supabase Auth sessions (AUTH_MODE=supabase): the host app signs users in; this app only reads
 * the access token it left behind and verifies it. The token's own claims never decide anything
 * but who the user is: role, names and locale come from our users table (session.ts).
 */
export type TSupabaseAuthConfig = {
  /** Legacy HS256 project secret. */
  jwtSecret?: string;
  /** The project's asymmetric keys (remote JWKS, or a local set in tests). */
  jwks?: JWTVerifyGetKey;
  audience: string;
  issuer: string;
  /** Base name of @supabase/ssr's cookie; unset: only `Authorization: Bearer` is read. */
  cookieName?: string;
};

/** Clocks of the host's auth server and ours differ a little; a minute-scale skew would be a bug elsewhere. */
const CLOCK_TOLERANCE_SECONDS = 30;
const ASYMMETRIC_ALGORITHMS = ["RS256", "ES256"];
/** Far above a real session (a few KB with a big user_metadata); bounds the work a forged cookie can cause. */
const MAX_SESSION_CHARS = 64 * 1024;
const MAX_CHUNKS = 20;
const BASE64_PREFIX = "base64-";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseCookieHeader(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const pair of (header ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 1) continue;
    const name = pair.slice(0, at).trim();
    if (jar.has(name)) continue;
    try {
      jar.set(name, decodeURIComponent(pair.slice(at + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is no session of ours.
    }
  }
  return jar;
}

/** @supabase/ssr writes one cookie, or `name.0`, `name.1`… when the value is over ~3 KB. */
function joinChunks(jar: Map<string, string>, name: string): string | null {
  const whole = jar.get(name);
  if (whole !== undefined) return whole;
  let joined = "";
  for (let index = 0; index < MAX_CHUNKS; index++) {
    const chunk = jar.get(`${name}.${index}`);
    if (chunk === undefined) break;
    joined += chunk;
  }
  return joined || null;
}

/** The session JSON: `base64-` + base64url(JSON) since @supabase/ssr 0.5, plain JSON before. */
function accessTokenOfSession(raw: string): string | null {
  if (raw.length > MAX_SESSION_CHARS) return null;
  const json = raw.startsWith(BASE64_PREFIX)
    ? Buffer.from(raw.slice(BASE64_PREFIX.length), "base64url").toString("utf8")
    : raw;
  let session: unknown;
  try {
    session = JSON.parse(json);
  } catch {
    return null;
  }
  // The old auth-helpers stored [access_token, refresh_token, …].
  const token = Array.isArray(session) ? session[0] : (session as { access_token?: unknown } | null)?.access_token;
  return typeof token === "string" && token.length > 0 ? token : null;
}

/**
 * The Supabase access token a request carries: `Authorization: Bearer` first (API clients), then
 * the host app's session cookie. The refresh token beside it is never used: refreshing belongs to
 * the host app.
 */
export function readSupabaseAccessToken(requestHeaders: Headers, cookieName: string | undefined): string | null {
  const authorization = requestHeaders.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  if (!cookieName) return null;
  const raw = joinChunks(parseCookieHeader(requestHeaders.get("cookie")), cookieName);
  return raw ? accessTokenOfSession(raw) : null;
}

/** Refusals that are a token's fault, not ours: they stay out of the logs. */
function isTokenRefusal(error: unknown): boolean {
  return (
    error instanceof errors.JWTExpired ||
    error instanceof errors.JWTClaimValidationFailed ||
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof TypeError
  );
}

async function verifiedPayload(token: string, config: TSupabaseAuthConfig) {
  const { alg } = decodeProtectedHeader(token);
  const claims = {
    audience: config.audience,
    issuer: config.issuer,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ["exp", "sub"],
  };
  // The key decides the algorithm, never the token: HS256 only with the secret, RS/ES only with the JWKS.
  if (alg === "HS256" && config.jwtSecret) {
    const key = new TextEncoder().encode(config.jwtSecret);
    return (await jwtVerify(token, key, { ...claims, algorithms: ["HS256"] })).payload;
  }
  if (alg && ASYMMETRIC_ALGORITHMS.includes(alg) && config.jwks) {
    return (await jwtVerify(token, config.jwks, { ...claims, algorithms: ASYMMETRIC_ALGORITHMS })).payload;
  }
  return null;
}

/** The user id (`sub`) of a valid Supabase access token, or null for anything else. */
export async function verifySupabaseAccessToken(token: string, config: TSupabaseAuthConfig): Promise<string | null> {
  try {
    const payload = await verifiedPayload(token, config);
    if (!payload || typeof payload.sub !== "string" || !UUID.test(payload.sub)) return null;
    // Anonymous sign-ins are users of Supabase, not people the platform knows.
    if (payload.is_anonymous === true) return null;
    return payload.sub.toLowerCase();
  } catch (error) {
    if (!isTokenRefusal(error)) {
      const code = error instanceof errors.JOSEError ? error.code : "unexpected";
      getLogger().warn({ scope: "auth", code }, "Supabase token not verified: the request is treated as signed out");
    }
    return null;
  }
}

const globalForJwks = globalThis as unknown as { __ticketsJwks?: { url: string; keys: JWTVerifyGetKey } };

/** One remote key set per process: jose caches the keys and refetches on an unknown `kid`. */
function remoteKeySet(url: string): JWTVerifyGetKey {
  if (globalForJwks.__ticketsJwks?.url !== url) {
    const keys = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    globalForJwks.__ticketsJwks = { url, keys };
  }
  return globalForJwks.__ticketsJwks.keys;
}

/** `sb-<ref>-auth-token`, as supabase-js names its storage key after the URL's first host label. */
function defaultCookieName(supabaseUrl: string | undefined): string | undefined {
  if (!supabaseUrl) return undefined;
  return `sb-${new URL(supabaseUrl).hostname.split(".")[0]}-auth-token`;
}

/** The settings of AUTH_MODE=supabase (env.ts refuses a configuration with no key or no issuer). */
export function supabaseAuthConfig(): TSupabaseAuthConfig {
  const config = env();
  const base = config.SUPABASE_URL?.replace(/\/+$/, "");
  // Every project serves its JWKS (empty while it signs with the legacy secret only), so a project
  // moving to asymmetric keys keeps working through the switch.
  const jwksUrl = config.SUPABASE_JWKS_URL ?? (base ? `${base}/auth/v1/.well-known/jwks.json` : undefined);
  return {
    jwtSecret: config.SUPABASE_JWT_SECRET,
    jwks: jwksUrl ? remoteKeySet(jwksUrl) : undefined,
    audience: config.SUPABASE_JWT_AUDIENCE,
    issuer: config.SUPABASE_JWT_ISSUER ?? `${base}/auth/v1`,
    cookieName: config.SUPABASE_AUTH_COOKIE ?? defaultCookieName(base),
  };
}
