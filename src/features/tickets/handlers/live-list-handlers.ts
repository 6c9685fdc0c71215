import "server-only";
import { AppError } from "@/server/errors";
import { errorResponse, jsonResponse } from "@/server/http/api-response";
import { requestLocale } from "@/server/http/locale";
import { signedInUser, type TUserSource } from "@/server/http/signed-in-user";
import { ZLiveListRowsInput } from "../schemas";
import { liveListRows } from "../service/list-row-actions";

/**
 * POST /api/tickets/live-rows { query, ids } → { rows, matching }: the rows of the tickets live
 * events named, as the admin list shows them, and which match the list's query. A read: 401
 * signed out, 403 not an admin, 400 a malformed body.
 */
export async function handleLiveListRows(request: Request, user: TUserSource): Promise<Response> {
  const locale = requestLocale(request);
  try {
    const current = await signedInUser(user);
    if (current.role !== "admin") throw new AppError("FORBIDDEN");
    const body: unknown = await request.json().catch(() => null);
    const parsed = ZLiveListRowsInput.safeParse(body);
    if (!parsed.success) throw new AppError("VALIDATION");
    return jsonResponse(await liveListRows(current, parsed.data));
  } catch (error) {
    return errorResponse(error, locale);
  }
}
