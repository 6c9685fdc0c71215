import "server-only";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/api-response";
import { csvHeaders } from "@/server/http/csv";
import { requestLocale } from "@/server/http/locale";
import { signedInUser, type TUserSource } from "@/server/http/signed-in-user";
import { analyticsParamsOf } from "../params";
import { exportAdminAnalytics } from "../service/export-admin-analytics";

/** GET /api/analytics/admins?from&to&category&admin → the per-admin table as CSV (admins only). */
export async function handleAdminAnalyticsCsv(request: Request, user: TUserSource): Promise<Response> {
  const locale = requestLocale(request);
  try {
    const current = await signedInUser(user);
    if (current.role !== "admin") throw new AppError("FORBIDDEN");
    const filters = analyticsParamsOf(Object.fromEntries(new URL(request.url).searchParams), env().APP_TIME_ZONE);
    if (!filters.query) throw new AppError("VALIDATION", undefined, { fieldErrors: filters.errors });
    const body = await exportAdminAnalytics(current, filters.query, locale);
    return new Response(body, {
      status: 200,
      headers: csvHeaders(`analytique-equipe-${filters.query.from}-${filters.query.to}.csv`),
    });
  } catch (error) {
    return errorResponse(error, locale);
  }
}
