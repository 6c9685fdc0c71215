import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { signedFilePath } from "./signed-link";
import type { TDownloadLinkRequest, TObjectStorage, TPutOptions, TStoredObjectInfo } from "./types";

/**
 * Files on local disk under `root` (DATA_DIR/storage/<bucket> by default). Downloads go
 * through /api/attachments/{id}/file with an HMAC-signed, expiring link (signed-link.ts).
 */
export class LocalObjectStorage implements TObjectStorage {
  readonly driver = "local" as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file of `key`; refuses any key that would resolve outside the root. */
  pathOf(key: string): string {
    const full = path.resolve(this.root, ...key.split("/"));
    if (!full.startsWith(`${this.root}${path.sep}`)) throw new Error("object key escapes the storage root");
    return full;
  }

  async put(key: string, body: Readable, options: TPutOptions): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside its final name, then linked to it: a reader (or the sweep) never sees a
    // half-written file under a real key, and link() refuses to replace another attachment.
    const partial = path.join(path.dirname(file), `.${randomUUID()}.part`);
    try {
      await pipeline(body, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
      await options.verify?.();
      await link(partial, file);
    } catch (error) {
      body.destroy();
      throw error;
    } finally {
      await rm(partial, { force: true });
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async *list(prefix: string): AsyncIterable<TStoredObjectInfo> {
    const start = path.join(this.root, ...prefix.split("/").filter(Boolean));
    const walk = async function* (dir: string): AsyncIterable<string> {
      let entries: import("node:fs").Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return; // the folder does not exist (yet)
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) yield* walk(full);
        else if (entry.isFile()) yield full;
      }
    };
    for await (const file of walk(start)) {
      const info = await stat(file).catch(() => undefined);
      if (!info) continue; // removed meanwhile
      yield { key: path.relative(this.root, file).split(path.sep).join("/"), lastModified: info.mtime };
    }
  }

  async createDownloadUrl(request: TDownloadLinkRequest): Promise<string> {
    return signedFilePath(
      { attachmentId: request.attachmentId, userId: request.userId, disposition: request.disposition },
      request.expiresInSeconds,
    );
  }

  /** Opens the file for the download route. */
  async open(key: string): Promise<{ stream: Readable; size: number }> {
    const file = this.pathOf(key);
    const info = await stat(file);
    return { stream: createReadStream(file), size: info.size };
  }
}
