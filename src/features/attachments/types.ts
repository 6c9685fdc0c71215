import type { Readable } from "node:stream";
import type { TAcceptedMime } from "./limits";

/** A file part of an upload, as the multipart parser hands it over (its bytes still streaming). */
export type TIncomingFile = { fileName: string; stream: Readable };

/** A file stored in the bucket, waiting for its ticket_attachments row (written by the ticket services). */
export type TStoredAttachmentFile = {
  /** The sanitised name shown to people (file_name). */
  fileName: string;
  /** The object key (file_path): ticket-attachments/{ticketId}/{timestamp}_{name}. */
  filePath: string;
  /** The type detected from the content (file_type). */
  fileType: TAcceptedMime;
  fileSize: number;
};
