/**
 * Calls of the attachment route handlers as a browser would make them (streamed multipart
 * bodies, a locale), and reads of what they stored.
 */
import { expect } from "vitest";
import { handleAttachmentFile, handleAttachmentRedirect } from "@/features/attachments/handlers/download-handlers";
import { handleAddMessageUpload, handleCreateTicketUpload } from "@/features/tickets/handlers/upload-handlers";
import type { TSessionUser } from "@/server/auth/session";
import { storedRows } from "./tickets";
import { multipartRequest, type TDriverName, type TPart, textFields } from "./uploads";

export type TJson = { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string> };

export const TICKET_FIELDS = {
  subject: "Reçu de paiement illisible",
  description: "Je joins le reçu et une capture d'écran de la page de paiement.",
  category: "paiement",
};

export const file = (name: string, content: Uint8Array, contentType?: string): TPart => ({
  fileName: name,
  content,
  contentType,
});

/** POST /api/tickets */
export async function createTicketWith(user: TSessionUser | null, files: TPart[], fields = TICKET_FIELDS) {
  const response = await handleCreateTicketUpload(
    multipartRequest("/api/tickets", [...textFields(fields), ...files]),
    user,
  );
  return {
    status: response.status,
    body: (await response.json()) as TJson & { data?: { id: string; number: number } },
  };
}

/** POST /api/tickets/{ticketId}/messages */
export async function postMessageWith(
  user: TSessionUser | null,
  ticketId: string,
  fields: Record<string, string>,
  files: TPart[],
) {
  const response = await handleAddMessageUpload(
    multipartRequest(`/api/tickets/${ticketId}/messages`, [...textFields(fields), ...files]),
    ticketId,
    user,
  );
  return {
    status: response.status,
    body: (await response.json()) as TJson & { data?: { messageId: string; status: string } },
  };
}

export function downloadRequest(attachmentId: string, query = "", path = "") {
  return new Request(`http://localhost:3100/api/attachments/${attachmentId}${path}${query}`, {
    headers: { "accept-language": "fr-CA" },
  });
}

/**
 * Follows GET /api/attachments/{id} as `user` (expects the 302) and fetches what the link
 * points to: s3rver for the S3 driver, the file route handler for the local one.
 */
export async function download(driver: TDriverName, user: TSessionUser, attachmentId: string, query = "") {
  const redirect = await handleAttachmentRedirect(downloadRequest(attachmentId, query), attachmentId, user);
  expect(redirect.status).toBe(302);
  const location = redirect.headers.get("location") ?? "";
  if (driver === "s3") return { redirect, location, response: await fetch(location) };
  const url = new URL(location, "http://localhost:3100");
  return { redirect, location, response: await handleAttachmentFile(new Request(url), attachmentId, user) };
}

export type TStoredAttachment = {
  id: string;
  ticket_id: string;
  message_id: string | null;
  uploaded_by: string;
  file_name: string;
  file_path: string;
  file_type: string;
  file_size: number;
};

/** The ticket's attachment rows as stored (service_role), by key. */
export const attachmentsOf = (ticketId: string) =>
  storedRows<TStoredAttachment>(
    "select id, ticket_id, message_id, uploaded_by, file_name, file_path, file_type, file_size from ticket_attachments where ticket_id = $1 order by file_path",
    [ticketId],
  );

/** Numbers and units are separated by a no-break space in French: compare with plain spaces. */
export const plain = (text: string | undefined) => (text ?? "").replace(/\s/g, " ");
