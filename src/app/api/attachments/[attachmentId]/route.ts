import { handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { getSessionUser } from "@/server/auth/session";

// Access check, then a redirect to a short-lived signed link. See download-handlers.ts.
export async function GET(request: Request, context: { params: Promise<{ attachmentId: string }> }): Promise<Response> {
  const { attachmentId } = await context.params;
  return handleAttachmentRedirect(request, attachmentId, await getSessionUser());
}
