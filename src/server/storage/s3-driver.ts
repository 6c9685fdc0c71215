import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { contentDisposition } from "./content-disposition";
import type { TDownloadLinkRequest, TObjectStorage, TPutOptions, TStoredObjectInfo } from "./types";

export type TS3StorageConfig = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/**
 * Any S3-compatible store: AWS S3, Supabase Storage (S3 protocol), MinIO. Downloads are
 * presigned GET URLs that expire, carrying the Content-Disposition and Content-Type to send.
 */
export class S3ObjectStorage implements TObjectStorage {
  readonly driver = "s3" as const;
  readonly bucket: string;
  readonly client: S3Client;

  constructor(config: TS3StorageConfig) {
    this.bucket = config.bucket;
    const clientConfig: S3ClientConfig = {
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Checksums only where S3 requires them: several S3-compatible stores reject the SDK's
      // default aws-chunked uploads with trailing CRC32 checksums.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    };
    this.client = new S3Client(clientConfig);
  }

  async put(key: string, body: Readable, options: TPutOptions): Promise<void> {
    // The body is spooled to a temporary file first: S3 needs a PutObject's length before its
    // body (a multipart upload would hold each 5 MiB part in memory instead), and the object
    // is created only once the file is complete and verified, so a refused or interrupted
    // upload never reaches the bucket (no incomplete multipart uploads to abort either).
    const folder = await mkdtemp(path.join(tmpdir(), "ticket-upload-"));
    const spooled = path.join(folder, "body");
    try {
      await pipeline(body, createWriteStream(spooled, { mode: 0o600 }));
      await options.verify?.();
      const { size } = await stat(spooled);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: createReadStream(spooled),
          ContentLength: size,
          ContentType: options.contentType,
        }),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<TStoredObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified) yield { key: object.Key, lastModified: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async createDownloadUrl(request: TDownloadLinkRequest): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: request.key,
      ResponseContentDisposition: contentDisposition(request.disposition, request.fileName),
      ResponseContentType: request.contentType,
      ResponseCacheControl: "private, no-store",
    });
    return getSignedUrl(this.client, command, { expiresIn: request.expiresInSeconds });
  }
}
