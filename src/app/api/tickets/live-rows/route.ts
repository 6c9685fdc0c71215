import { handleLiveListRows } from "@/features/tickets/handlers/live-list-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// An open admin list's live check (issue 14). A route, not a server action: the check may
// start while the browser is already on another page, where no action of the list exists.
export const POST = withRequestLog("tickets.liveRows", async (request: Request): Promise<Response> => {
  return handleLiveListRows(request, getSessionUser);
});
