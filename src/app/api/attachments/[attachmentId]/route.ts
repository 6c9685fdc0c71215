import { handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// Access check, then a redirect to a short-lived signed link. See download-handlers.ts.
export const GET = withRequestLog(
  "attachments.redirect",
  async (request: Request, context: { params: Promise<{ attachmentId: string }> }): Promise<Response> => {
    const { attachmentId } = await context.params;
    return handleAttachmentRedirect(request, attachmentId, getSessionUser);
  },
);
