import { handleAttachmentFile } from "@/features/attachments/handlers/download-handlers";
import { getSessionUser } from "@/server/auth/session";
import { withRequestLog } from "@/server/log";

// The local driver's file download: signed, expiring link + access check. See download-handlers.ts.
export const GET = withRequestLog(
  "attachments.file",
  async (request: Request, context: { params: Promise<{ attachmentId: string }> }): Promise<Response> => {
    const { attachmentId } = await context.params;
    return handleAttachmentFile(request, attachmentId, getSessionUser);
  },
);
