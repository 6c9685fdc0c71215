import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { AppError } from "@/server/errors";
import { errorResponse, jsonResponse } from "@/server/http/api-response";
import { requestLocale } from "@/server/http/locale";
import { addTicketMessageFromUpload } from "../service/add-message-from-upload";
import { createTicketFromUpload } from "../service/create-ticket-from-upload";

// Route handlers' bodies, with the session passed in (the routes read it with
// getSessionUser(); tests pass a user). Each: session → parse → service → JSON.

/** POST /api/tickets → { ok: true, data: { id, number } } | { ok: false, code, message, fieldErrors? } */
export async function handleCreateTicketUpload(request: Request, user: TSessionUser | null): Promise<Response> {
  const locale = requestLocale(request);
  try {
    if (!user) throw new AppError("UNAUTHENTICATED");
    return jsonResponse(await createTicketFromUpload(user, request));
  } catch (error) {
    return errorResponse(error, locale);
  }
}

/** POST /api/tickets/{ticketId}/messages → { ok: true, data: { messageId, status } } | { ok: false, … } */
export async function handleAddMessageUpload(
  request: Request,
  ticketId: string,
  user: TSessionUser | null,
): Promise<Response> {
  const locale = requestLocale(request);
  try {
    if (!user) throw new AppError("UNAUTHENTICATED");
    return jsonResponse(await addTicketMessageFromUpload(user, ticketId, request));
  } catch (error) {
    return errorResponse(error, locale);
  }
}
