import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";
import { getLiveHub, openLiveStream } from "./live-stream";

/** GET /api/live: the route's body. */
export async function handleLiveStream(request: Request, user: TSessionUser | null): Promise<Response> {
  if (env().LIVE_UPDATES === "false") return new Response(null, { status: 204 });
  if (!user) return new Response(null, { status: 401 });
  const hub = getLiveHub();
  const headers = new Headers(request.headers);
  return openLiveStream(request, user, {
    hub,
    stillSignedIn: async () => {
      // Loaded here, not at the top: the tickets feature's consumers list imports this feature,
      // and the worker and scripts that load it must not load better-auth and next-intl.
      const { getAuth } = await import("@/server/auth/auth");
      // From the sessions table, not the signed cookie cache: a session ended elsewhere (a
      // password reset, a sign-out on another device) ends the stream at the next check.
      return Boolean(await getAuth().api.getSession({ headers, query: { disableCookieCache: true } }));
    },
    heartbeatMs: env().LIVE_HEARTBEAT_SECONDS * 1000,
    sessionCheckMs: env().LIVE_SESSION_CHECK_SECONDS * 1000,
  });
}
