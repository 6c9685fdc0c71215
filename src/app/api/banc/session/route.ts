import { getSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";
import { errorResponse, jsonResponse } from "@/server/http/api-response";
import { requestLocale } from "@/server/http/locale";
import { signedInUser } from "@/server/http/signed-in-user";

export const dynamic = "force-dynamic";

/**
 * The lower bound of npm run bench:http (BENCH_ROUTES=true only, else 404): a route handler that
 * does nothing but the session lookup every page, action and route does.
 */
export async function GET(request: Request): Promise<Response> {
  if (!env().BENCH_ROUTES) return new Response(null, { status: 404 });
  try {
    const user = await signedInUser(getSessionUser);
    return jsonResponse({ role: user.role });
  } catch (error) {
    return errorResponse(error, requestLocale(request));
  }
}
