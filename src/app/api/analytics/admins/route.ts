import { handleAdminAnalyticsCsv } from "@/features/analytics/handlers/admin-csv";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// The analytics page's per-admin table as CSV. See admin-csv.ts.
export const GET = withRequestLog("analytics.admins_csv", async (request: Request): Promise<Response> => {
  return handleAdminAnalyticsCsv(request, getSessionUser);
});
