import { handleAddMessageUpload } from "@/features/attachments/handlers/upload-handlers";
import { getSessionUser } from "@/server/auth/session";

// A reply or internal note with its files (multipart, streamed to storage). See upload-handlers.ts.
export async function POST(request: Request, context: { params: Promise<{ ticketId: string }> }): Promise<Response> {
  const { ticketId } = await context.params;
  return handleAddMessageUpload(request, ticketId, await getSessionUser());
}
