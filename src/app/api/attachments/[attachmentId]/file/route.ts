import { handleAttachmentFile } from "@/features/attachments/handlers/download-handlers";
import { getSessionUser } from "@/server/auth/session";

// The local driver's file download: signed, expiring link + access check. See download-handlers.ts.
export async function GET(request: Request, context: { params: Promise<{ attachmentId: string }> }): Promise<Response> {
  const { attachmentId } = await context.params;
  return handleAttachmentFile(request, attachmentId, await getSessionUser());
}
