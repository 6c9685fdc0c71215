import "server-only";
import { env } from "../env";
import { getAuth } from "./auth";

/** better-auth's cookies (prefixed __Secure- over HTTPS); a large cache is split in chunks (.0, .1). */
const SESSION_TOKEN = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=/;
const SESSION_DATA = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_data=([^;]*)/;
const SESSION_DATA_CHUNK = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_data\.\d+=/;
/** Renewed when less than this part of its life is left, so that a busy user never waits on the table. */
const RENEW_WHEN_LEFT = 0.2;

/**
 * When the cache in the cookie expires (ms since 1970), read without checking its signature:
 * only a hint of when to renew it (better-auth checks the signature before trusting it). The
 * compact format is base64url JSON with `expiresAt`; null when unreadable.
 */
function cacheExpiresAt(value: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(decodeURIComponent(value), "base64url").toString("utf8")) as {
      expiresAt?: unknown;
    };
    return typeof parsed.expiresAt === "number" ? parsed.expiresAt : null;
  } catch {
    return null;
  }
}

/**
 * The proxy's half of the session cookie cache (AUTH_SESSION_CACHE_SECONDS). A page cannot set
 * cookies, so without this the cache written at sign-in would expire after its max age and every
 * page would read the sessions table again. When the browser holds a session token and no cache
 * (its cookie's Max-Age is the cache's), or one in the last fifth of its life or expired (a client
 * that keeps cookies past their Max-Age), the proxy looks the session up once (one round trip, as
 * every request did before) and returns better-auth's Set-Cookie lines: a fresh cache, or, for a
 * revoked or expired session, the cookies' deletion. Returns [] when there is nothing
 * to renew, and when the lookup fails (the page itself then answers "unavailable").
 * sessionCacheNeedsRenewal is the synchronous test, so that the proxy stays synchronous otherwise.
 */
export function sessionCacheNeedsRenewal(requestHeaders: Headers, options: { force?: boolean } = {}): boolean {
  const config = env();
  if (config.AUTH_MODE !== "better-auth" || config.AUTH_SESSION_CACHE_SECONDS === 0) return false;
  const cookie = requestHeaders.get("cookie") ?? "";
  if (!SESSION_TOKEN.test(cookie) || SESSION_DATA_CHUNK.test(cookie)) return false;
  // The page was told the session ended (a deactivated account): check the table whatever the
  // cache says, so that a session deleted there is deleted from the browser too.
  if (options.force) return true;
  const data = SESSION_DATA.exec(cookie)?.[1];
  if (!data) return true;
  const expiresAt = cacheExpiresAt(data);
  return expiresAt === null || expiresAt - Date.now() < config.AUTH_SESSION_CACHE_SECONDS * 1000 * RENEW_WHEN_LEFT;
}

export async function renewSessionCache(requestHeaders: Headers, options: { force?: boolean } = {}): Promise<string[]> {
  if (!sessionCacheNeedsRenewal(requestHeaders, options)) return [];
  try {
    // disableCookieCache: read the table (a cache about to expire would be trusted, not renewed).
    const { headers } = await getAuth().api.getSession({
      headers: requestHeaders,
      query: { disableCookieCache: true },
      returnHeaders: true,
    });
    return headers.getSetCookie();
  } catch {
    return [];
  }
}

/** The request's Cookie header once the response's Set-Cookie lines apply (the page sees them now). */
export function applySetCookies(cookieHeader: string, setCookies: readonly string[]): string {
  const jar = new Map<string, string>();
  for (const pair of cookieHeader.split(";")) {
    const at = pair.indexOf("=");
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  for (const line of setCookies) {
    const [pair = "", ...attributes] = line.split(";");
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
