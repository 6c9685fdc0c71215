import "server-only";
import { getStorage, type TObjectStorage } from "@/server/storage";
import { TICKET_ATTACHMENTS_PREFIX } from "@/server/storage/object-key";
import { selectReferencedKeys, type TSqlClient } from "../repository";

/** An object younger than this may belong to an upload whose transaction has not committed yet. */
export const ORPHAN_MIN_AGE_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

export type TSweepResult = { scanned: number; removed: string[] };

/**
 * Removes stored objects that no ticket_attachments row references and that are older than
 * a day: left by a process that died between storing a file and committing its row, or by a
 * deletion whose storage cleanup failed. Runs hourly in the worker (src/worker, attachmentWorkerJobs).
 */
export async function sweepOrphanAttachments(options: {
  client: TSqlClient;
  storage?: TObjectStorage;
  now?: Date;
  minAgeMs?: number;
}): Promise<TSweepResult> {
  const storage = options.storage ?? getStorage();
  const cutoff = (options.now ?? new Date()).getTime() - (options.minAgeMs ?? ORPHAN_MIN_AGE_MS);
  const removed: string[] = [];
  let scanned = 0;
  let batch: string[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const referenced = await selectReferencedKeys(options.client, batch);
    const orphans = batch.filter((key) => !referenced.has(key));
    await storage.remove(orphans);
    removed.push(...orphans);
    batch = [];
  };

  for await (const object of storage.list(TICKET_ATTACHMENTS_PREFIX)) {
    scanned += 1;
    if (object.lastModified.getTime() >= cutoff) continue;
    batch.push(object.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { scanned, removed };
}
