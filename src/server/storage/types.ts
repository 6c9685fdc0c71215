import "server-only";
import type { Readable } from "node:stream";

export type TDisposition = "attachment" | "inline";

/** What a download link is for: the object, how the browser should treat it, and for whom. */
export type TDownloadLinkRequest = {
  attachmentId: string;
  key: string;
  fileName: string;
  contentType: string;
  disposition: TDisposition;
  /** The user the link is made for (the local driver binds its signature to them). */
  userId: string;
  expiresInSeconds: number;
};

export type TPutOptions = {
  contentType: string;
  /** Runs after the last byte, before the object becomes visible; throwing cancels the write. */
  verify?: () => void | Promise<void>;
};

export type TStoredObjectInfo = { key: string; lastModified: Date };

/**
 * One interface, two drivers (local disk, S3-compatible), chosen by STORAGE_DRIVER.
 * Keys are built by the caller (see object-key.ts) and are never taken from a request.
 */
export interface TObjectStorage {
  readonly driver: "local" | "s3";
  /**
   * Streams `body` to `key` without ever holding it in memory. The object appears at `key`
   * only once the whole body has arrived and `verify` (if given) has returned: when `body`
   * errors (too large, client gone) or `verify` throws, the promise rejects and nothing is
   * stored. An existing key is never overwritten by the local driver.
   */
  put(key: string, body: Readable, options: TPutOptions): Promise<void>;
  /** Removes the objects; missing ones are not an error. */
  remove(keys: readonly string[]): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every object under `prefix`, with its last modification time (for the orphan sweep). */
  list(prefix: string): AsyncIterable<TStoredObjectInfo>;
  /** A URL the browser can follow to get the file; it expires after `expiresInSeconds`. */
  createDownloadUrl(request: TDownloadLinkRequest): Promise<string>;
}
