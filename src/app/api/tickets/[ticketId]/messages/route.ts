import { handleAddMessageUpload } from "@/features/tickets/handlers/upload-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// A reply or internal note with its files (multipart, streamed to storage). See upload-handlers.ts.
export const POST = withRequestLog(
  "tickets.messages.create",
  async (request: Request, context: { params: Promise<{ ticketId: string }> }): Promise<Response> => {
    const { ticketId } = await context.params;
    return handleAddMessageUpload(request, ticketId, getSessionUser);
  },
);
