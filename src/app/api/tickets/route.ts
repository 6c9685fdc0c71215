import { handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// A new ticket with its files (multipart, streamed to storage). The session is read inside the
// handler, so a database outage during the lookup is a 503, not an empty 500. See upload-handlers.ts.
export const POST = withRequestLog("tickets.create", async (request: Request): Promise<Response> => {
  return handleCreateTicketUpload(request, getSessionUser);
});
