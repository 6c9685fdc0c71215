import "server-only";
import path from "node:path";
import { env } from "../env";
import { LocalObjectStorage } from "./local-driver";
import { S3ObjectStorage } from "./s3-driver";
import type { TObjectStorage } from "./types";

export { LocalObjectStorage } from "./local-driver";
export { S3ObjectStorage } from "./s3-driver";
export type { TDisposition, TDownloadLinkRequest, TObjectStorage, TPutOptions, TStoredObjectInfo } from "./types";

let cached: { signature: string; storage: TObjectStorage } | undefined;

function storageFromEnv(): TObjectStorage {
  const config = env();
  if (config.STORAGE_DRIVER === "s3") {
    const credentials =
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined;
    return new S3ObjectStorage({
      bucket: config.STORAGE_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials,
    });
  }
  const root = config.STORAGE_LOCAL_DIR ? path.resolve(config.STORAGE_LOCAL_DIR) : path.join(config.dataDir, "storage");
  return new LocalObjectStorage(path.join(root, config.STORAGE_BUCKET));
}

/** The configured storage driver (STORAGE_DRIVER), made once per configuration. */
export function getStorage(): TObjectStorage {
  const config = env();
  const signature = JSON.stringify([
    config.STORAGE_DRIVER,
    config.STORAGE_BUCKET,
    config.STORAGE_LOCAL_DIR,
    config.dataDir,
    config.S3_ENDPOINT,
    config.S3_REGION,
    config.S3_ACCESS_KEY_ID,
    config.S3_FORCE_PATH_STYLE,
  ]);
  if (cached?.signature !== signature) cached = { signature, storage: storageFromEnv() };
  return cached.storage;
}
