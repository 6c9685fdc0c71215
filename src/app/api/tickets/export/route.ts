import { handleAdminTicketsExport } from "@/features/tickets/handlers/export-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// The admin list as CSV, with its filters (streamed from a cursor). See export-handlers.ts.
export const GET = withRequestLog("tickets.export", async (request: Request): Promise<Response> => {
  return handleAdminTicketsExport(request, getSessionUser);
});
