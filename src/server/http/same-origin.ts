import "server-only";
import type { TActionResult } from "../actions/action-result";
import { env } from "../env";
import { requestLocale, translatorFor } from "./locale";

const NO_STORE = { "Cache-Control": "private, no-store" } as const;

/**
 * Origins a state-changing request may come from: APP_URL's, and (only behind TRUST_PROXY
 * proxies, which set them) the host and scheme the proxy forwarded. Without a trusted proxy
 * the Host header proves nothing: any page can reach the app under another name.
 */
function allowedOrigins(request: Request): Set<string> {
  const config = env();
  const origins = new Set([new URL(config.appUrl).origin]);
  if (config.TRUST_PROXY > 0) {
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
    const scheme = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "https";
    if (host && /^https?$/.test(scheme)) {
      try {
        origins.add(new URL(`${scheme}://${host}`).origin);
      } catch {
        // A malformed forwarded host adds nothing.
      }
    }
  }
  return origins;
}

/**
 * Whether a browser sent this request from another site or origin. A page on another port of
 * the same host is same-site (cookies go along, SameSite=Lax does not help), so the check is on
 * the exact origin. A request with neither header does not come from a browser's page (browsers
 * send Origin on every POST), so nothing is forged on anyone's behalf.
 */
export function isForeignRequest(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  return !allowedOrigins(request).has(origin);
}

export function isMultipartFormData(request: Request): boolean {
  return /^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "");
}

function refusal(status: 403 | 415, request: Request): Response {
  const t = translatorFor(requestLocale(request), "security");
  const body: TActionResult<never> =
    status === 403
      ? { ok: false, code: "FORBIDDEN", message: t("crossOrigin") }
      : { ok: false, code: "VALIDATION", message: t("notMultipart") };
  return Response.json(body, { status, headers: NO_STORE });
}

/**
 * The edge check of the upload routes (POST /api/tickets, POST /api/tickets/{id}/messages):
 * a foreign origin answers 403, anything but multipart/form-data 415 (an HTML form on another
 * site can send urlencoded or text/plain without a preflight). Null when the request may go on.
 */
export function refuseForeignUpload(request: Request): Response | null {
  if (isForeignRequest(request)) return refusal(403, request);
  if (!isMultipartFormData(request)) return refusal(415, request);
  return null;
}
