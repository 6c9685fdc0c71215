import "server-only";
import { unsubscribeWithToken } from "../service/notification-preferences";

// POST /api/email/unsubscribe?token=…: the one-click unsubscribe of RFC 8058 (a mail client
// posts "List-Unsubscribe=One-Click" to the List-Unsubscribe URL, signed out), and the
// confirmation form of the /desabonnement page (which adds "from=page" and wants to land back
// on that page). GET never unsubscribes: link scanners open every URL of an email.

const MAX_BODY_BYTES = 2048;

function pageUrl(request: Request, result: string, locale: string | null): URL {
  const prefix = locale === "en" ? "/en" : "";
  return new URL(`${prefix}/desabonnement?resultat=${result}`, request.url);
}

export async function handleUnsubscribePost(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const body = (await request.text()).slice(0, MAX_BODY_BYTES);
  const form = new URLSearchParams(body);
  const fromPage = form.get("from") === "page";
  const result = token.length > 0 && token.length < 300 ? await unsubscribeWithToken(token) : null;
  const outcome = result?.ok ? "ok" : result?.reason === "expired" ? "expire" : "invalide";
  if (fromPage) return Response.redirect(pageUrl(request, outcome, form.get("locale")), 303);
  if (result?.ok) return new Response("Unsubscribed\n", { status: 200, headers: { "content-type": "text/plain" } });
  return new Response("Invalid or expired link\n", { status: 400, headers: { "content-type": "text/plain" } });
}

/** A GET (a person clicking, a scanner) only shows the confirmation page with the token. */
export function handleUnsubscribeGet(request: Request): Response {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return Response.redirect(new URL(`/desabonnement?token=${encodeURIComponent(token)}`, request.url), 303);
}
