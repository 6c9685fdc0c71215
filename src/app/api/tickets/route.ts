import { handleCreateTicketUpload } from "@/features/attachments/handlers/upload-handlers";
import { getSessionUser } from "@/server/auth/session";

// A new ticket with its files (multipart, streamed to storage). See upload-handlers.ts.
export async function POST(request: Request): Promise<Response> {
  return handleCreateTicketUpload(request, await getSessionUser());
}
