import { NextRequest, NextResponse } from "next/server";
import createMiddleware from "next-intl/middleware";
import { routing } from "./i18n/routing";
import { applySetCookies, renewSessionCache, sessionCacheNeedsRenewal } from "./server/auth/session-cache";
import { isForeignRequest } from "./server/http/same-origin";
import { REQUEST_ID_HEADER, requestIdFrom } from "./server/request-id";
import { contentSecurityPolicy, createNonce, strictTransportSecurity } from "./server/security/csp";

// Locale routing and the pages' security headers. Authorization is checked in pages, actions
// and route handlers.
const routeLocale = createMiddleware(routing);

/** A path with a dot in its last segment (/robots.txt): no locale routing, only the headers. */
const FILE_LIKE = /\.[^/]*$/;

/** A server action's id as Next.js writes it (hex); anything else is not one of ours. */
const ACTION_ID = /^[0-9a-f]{40,42}$/;

/**
 * Next.js answers a server action with a malformed id, or from a foreign origin, with a 500
 * (it throws); these answer 400 and 403 here, before it. Same origin rule as the upload routes.
 */
function refuseBadAction(request: NextRequest): NextResponse | null {
  const actionId = request.headers.get("next-action");
  if (request.method !== "POST" || actionId === null) return null;
  if (!ACTION_ID.test(actionId)) return new NextResponse(null, { status: 400 });
  if (isForeignRequest(request)) return new NextResponse(null, { status: 403 });
  return null;
}

export default function proxy(request: NextRequest): NextResponse | Promise<NextResponse> {
  const refused = refuseBadAction(request);
  if (refused) return refused;
  // Most requests carry a fresh session cache (or none): no await, no lookup. The sign-in page
  // the error page sends an ended session to (`?session=fin`) always checks the table.
  const options = { force: isSessionEndedLanding(request) };
  if (!sessionCacheNeedsRenewal(request.headers, options)) return securePage(request, []);
  return renewSessionCache(request.headers, options).then((renewed) => securePage(request, renewed));
}

/** The sign-in page, in any locale, reached with `?session=fin` (src/app/[locale]/error.tsx). */
function isSessionEndedLanding(request: NextRequest): boolean {
  return request.nextUrl.searchParams.get("session") === "fin" && /\/connexion$/.test(request.nextUrl.pathname);
}

/**
 * The page's security headers and locale routing; `renewedCookies` are Set-Cookie lines of a
 * renewed session cache, given to the page's render now (its request's Cookie) and to the browser.
 */
function securePage(request: NextRequest, renewedCookies: readonly string[]): NextResponse {
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce);
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  // One id per request, for the server's log lines and the error page (support finds it there).
  const requestId = requestIdFrom(request.headers, { fromProxy: false });
  headers.set(REQUEST_ID_HEADER, requestId);
  if (renewedCookies.length > 0) headers.set("cookie", applySetCookies(headers.get("cookie") ?? "", renewedCookies));
  const response = FILE_LIKE.test(request.nextUrl.pathname)
    ? NextResponse.next({ request: { headers } })
    : routeLocale(new NextRequest(request, { headers }));
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const cookie of renewedCookies) response.headers.append("set-cookie", cookie);
  const hsts = strictTransportSecurity();
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  // next-intl's hreflang Link header is built from Host / X-Forwarded-Host, which any client
  // writes; a private app has no use for alternates.
  response.headers.delete("link");
  return response;
}

export const config = {
  // The app icons are files, never a localized page.
  matcher: "/((?!api|_next|_vercel|favicon\\.ico|icon\\.svg|apple-icon\\.png).*)",
};
