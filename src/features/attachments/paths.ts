// URLs of the attachment routes (src/app/api/attachments). Safe in the browser.

/**
 * GET it to download the file: the route checks access and redirects (302) to a fresh
 * signed link that expires after a few minutes, so this path can be rendered in pages and
 * followed at any time. `inline` shows an image in the browser instead of downloading it.
 */
export function attachmentDownloadPath(attachmentId: string, options: { inline?: boolean } = {}): string {
  const path = `/api/attachments/${encodeURIComponent(attachmentId)}`;
  return options.inline ? `${path}?disposition=inline` : path;
}

/** POST a new ticket with its files (multipart). */
export const CREATE_TICKET_UPLOAD_PATH = "/api/tickets";

/** POST a message (or internal note) with its files (multipart). */
export function ticketMessageUploadPath(ticketId: string): string {
  return `/api/tickets/${encodeURIComponent(ticketId)}/messages`;
}
