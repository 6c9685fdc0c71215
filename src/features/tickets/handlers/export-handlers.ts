import "server-only";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-response";
import { csvHeaders } from "@/server/http/csv";
import { requestLocale } from "@/server/http/locale";
import { signedInUser, type TUserSource } from "@/server/http/signed-in-user";
import { adminListFiltersOf } from "../list-params";
import { exportAdminTickets } from "../service/export-admin-tickets";

/**
 * GET /api/tickets/export?<the admin list's own parameters> → the matching tickets as CSV,
 * streamed. 401 signed out, 403 not an admin, 400 filters the list would refuse too.
 */
export async function handleAdminTicketsExport(request: Request, user: TUserSource): Promise<Response> {
  const locale = requestLocale(request);
  try {
    const current = await signedInUser(user);
    if (current.role !== "admin") throw new AppError("FORBIDDEN");
    const filters = adminListFiltersOf(Object.fromEntries(new URL(request.url).searchParams));
    if (!filters.query) throw new AppError("VALIDATION", undefined, { fieldErrors: filters.errors });
    const stream = await exportAdminTickets(current, filters.query, locale);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(stream, { status: 200, headers: csvHeaders(`demandes-${day}.csv`) });
  } catch (error) {
    return errorResponse(error, locale);
  }
}
