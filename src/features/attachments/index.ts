import "server-only";

export { ACCEPTED_FILE_TYPES, isInlineImage, MAX_FILE_BYTES, type TAcceptedMime } from "./limits";
// The attachments feature's public server entry: what other features (tickets: uploads and
// attachment lists) and the worker may use. Everything else in the folder is internal.
export { attachmentDownloadPath, CREATE_TICKET_UPLOAD_PATH, ticketMessageUploadPath } from "./paths";
export { receiveTicketUpload } from "./service/receive-ticket-upload";
export { uploadTicketAttachment } from "./service/upload-ticket-attachment";
export type { TIncomingFile, TStoredAttachmentFile } from "./types";
