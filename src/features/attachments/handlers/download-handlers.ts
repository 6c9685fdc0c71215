import "server-only";
import { Readable } from "node:stream";
import { recordAdminAuditEvent } from "@/server/audit/audit-log";
import { errorResponse } from "@/server/http/api-response";
import { requestLocale } from "@/server/http/locale";
import { signedInUser, type TUserSource } from "@/server/http/signed-in-user";
import { contentDisposition } from "@/server/storage/content-disposition";
import { getTicketAttachmentDownloadUrl } from "../service/get-ticket-attachment-download-url";
import { openLocalAttachment } from "../service/open-local-attachment";

const PRIVATE = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } as const;

/** Download errors are followed links in a browser tab: a translated sentence, not JSON. */
async function textError(error: unknown, request: Request): Promise<Response> {
  const json = errorResponse(error, requestLocale(request));
  const { message } = (await json.json()) as { message: string };
  const retryAfter = json.headers.get("retry-after");
  return new Response(message, {
    status: json.status,
    headers: {
      ...PRIVATE,
      "Content-Type": "text/plain; charset=utf-8",
      ...(retryAfter ? { "Retry-After": retryAfter } : {}),
    },
  });
}

/**
 * GET /api/attachments/{id}[?disposition=inline] → 302 to a fresh signed link (S3 presigned
 * GET, or the local file route), after the service checked access under RLS.
 * 401 signed out, 404 not visible to this user (whether it exists or not).
 */
export async function handleAttachmentRedirect(
  request: Request,
  attachmentId: string,
  user: TUserSource,
): Promise<Response> {
  try {
    const current = await signedInUser(user);
    const inline = new URL(request.url).searchParams.get("disposition") === "inline";
    const url = await getTicketAttachmentDownloadUrl(current, attachmentId, {
      disposition: inline ? "inline" : "attachment",
    });
    if (current.role === "admin")
      await recordAdminAuditEvent(current, request, { type: "attachment_downloaded", detail: { attachmentId } });
    return new Response(null, {
      status: 302,
      headers: { ...PRIVATE, Location: url, "Referrer-Policy": "no-referrer" },
    });
  } catch (error) {
    return textError(error, request);
  }
}

/**
 * GET /api/attachments/{id}/file?d&e&s (local driver): checks the link's signature and
 * expiry (403) and the caller's access (404), then streams the file with the detected type,
 * Content-Disposition (attachment, or inline for images), nosniff and a sandboxing CSP.
 */
export async function handleAttachmentFile(
  request: Request,
  attachmentId: string,
  user: TUserSource,
): Promise<Response> {
  try {
    const current = await signedInUser(user);
    const file = await openLocalAttachment(current, attachmentId, new URL(request.url).searchParams);
    return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        ...PRIVATE,
        "Content-Type": file.fileType,
        "Content-Length": String(file.size),
        "Content-Disposition": contentDisposition(file.disposition, file.fileName),
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (error) {
    return textError(error, request);
  }
}
