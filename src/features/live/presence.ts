import "server-only";
import { z } from "zod";
import type { TSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";
import { notifyPresence } from "./live-stream";

/**
 * A ping from another site is refused (a form elsewhere could send one with the admin's cookie).
 * The same rule as the upload routes' (src/server/http/same-origin.ts), without its translated
 * answer: importing it would bring next-intl into every process that loads the tickets
 * feature's consumers (the worker, the benchmarks).
 */
function isForeign(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin") return true;
  const origin = request.headers.get("origin");
  return origin !== null && origin !== new URL(env().appUrl).origin && origin !== new URL(request.url).origin;
}

const ZPresencePing = z.object({ ticketId: z.string().uuid(), typing: z.boolean().default(false) });

/**
 * POST /api/live/presence: an admin's ticket page says "I am here" (every few seconds) and
 * "I am typing". It becomes a NOTIFY, so every app process hears it and keeps it for a few
 * seconds; no process holds presence only it knows.
 */
export async function handlePresencePing(request: Request, user: TSessionUser | null): Promise<Response> {
  if (env().LIVE_UPDATES === "false") return new Response(null, { status: 204 });
  if (!user) return new Response(null, { status: 401 });
  if (user.role !== "admin" || isForeign(request)) return new Response(null, { status: 403 });
  let input: z.infer<typeof ZPresencePing>;
  try {
    const parsed = ZPresencePing.safeParse(await request.json());
    if (!parsed.success) return new Response(null, { status: 400 });
    input = parsed.data;
  } catch {
    return new Response(null, { status: 400 });
  }
  await notifyPresence(user, input.ticketId, { typing: input.typing });
  return new Response(null, { status: 204 });
}
