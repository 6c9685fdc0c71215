import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { TTx } from "./db/client";
import { AppError } from "./errors";
import type { TWorkerJobs } from "./worker-jobs";

// Idempotency-Key on the write routes (issue 19, found 4: a client that retried after a cut-off
// commit made a second ticket). The key, a hash of the request and the answer are stored in
// public.idempotency_keys (migration 0020) in the transaction of the write itself: a committed
// write always has its recorded answer, a rolled-back one has none (its key is free again).
//
// Two requests with one key at the same time: the second one's claim (an INSERT on the unique
// (user_id, key)) waits for the first transaction to end, then returns its answer (or, if it
// rolled back, runs itself). Exactly one write, and no client is told "try again later" for a
// request that is about to succeed. The wait is as long as the first write's transaction (its
// files are stored before the transaction opens), i.e. milliseconds.

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
/** On a replayed answer, so a client (and a test) can tell it from a fresh one. */
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";
/** A key is free again after this long (and the hourly job deletes it). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** 1-255 visible ASCII characters: a UUID, a ULID, Stripe-style keys all fit. */
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export type TRecordedAnswer = { status: number; body: unknown };

export type TIdempotentRequest = { userId: string; key: string; requestHash: string };

/**
 * Thrown out of the write's transaction (so it rolls back, and the upload's stored files are
 * removed) when the key already holds the answer to this same request: the route answers it.
 */
export class IdempotentReplay extends Error {
  readonly answer: TRecordedAnswer;

  constructor(answer: TRecordedAnswer) {
    super("idempotent replay");
    this.name = "IdempotentReplay";
    this.answer = answer;
  }
}

/** The request's Idempotency-Key; null without the header; VALIDATION (400) when malformed. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null) return null;
  if (!KEY_SHAPE.test(key)) throw new AppError("VALIDATION", "idempotency key", { idempotencyError: "keyInvalid" });
  return key;
}

/**
 * What makes two requests "the same" for a key: the route (with its ticket), every text field,
 * and each file's name and size in order. Hashed (sha-256): the table keeps no user text.
 */
export function hashIdempotentRequest(request: {
  route: string;
  fields: Record<string, string>;
  files: readonly { fileName: string; fileSize: number }[];
}): string {
  const fields = Object.keys(request.fields)
    .sort()
    .map((name) => [name, request.fields[name]]);
  const files = request.files.map((file) => [file.fileName, file.fileSize]);
  return createHash("sha256")
    .update(JSON.stringify([request.route, fields, files]))
    .digest("hex");
}

type TKeyRow = { request_hash: string; response_status: number | null; response_body: unknown };

/**
 * Runs `write` in `tx` (a withUser transaction of `request.userId`) at most once per key:
 * - a new key (or one older than 24 h) is claimed, `write` runs, and `answerOf(result)` is
 *   recorded in the same transaction;
 * - a key that already answered this same request throws IdempotentReplay with that answer;
 * - a key that answered another request is VALIDATION with HTTP status 422.
 */
export async function runIdempotent<T>(
  tx: TTx,
  request: TIdempotentRequest,
  write: () => Promise<T>,
  answerOf: (result: T) => TRecordedAnswer,
): Promise<T> {
  const claimed = await tx.execute(sql`
    insert into public.idempotency_keys as k (user_id, key, request_hash)
    values (${request.userId}, ${request.key}, ${request.requestHash})
    on conflict (user_id, key) do update
      set request_hash = excluded.request_hash, response_status = null, response_body = null, created_at = now()
      where k.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})
    returning 1 as claimed`);
  if (claimed.rows.length === 0) {
    const rows = await tx.execute<TKeyRow>(sql`
      select request_hash, response_status, response_body from public.idempotency_keys
      where user_id = ${request.userId} and key = ${request.key}`);
    const row = rows.rows[0];
    if (!row || row.response_status === null) throw new AppError("CONFLICT");
    if (row.request_hash !== request.requestHash) {
      throw new AppError("VALIDATION", "idempotency key reused", { idempotencyError: "keyReused", httpStatus: 422 });
    }
    throw new IdempotentReplay({ status: row.response_status, body: row.response_body });
  }
  const result = await write();
  const answer = answerOf(result);
  await tx.execute(sql`
    update public.idempotency_keys
    set response_status = ${answer.status}, response_body = ${JSON.stringify(answer.body)}::json
    where user_id = ${request.userId} and key = ${request.key}`);
  return result;
}

/** Whether the key already holds a committed answer (a retry: the route's early checks stand aside). */
export async function hasRecordedAnswer(tx: TTx, userId: string, key: string): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from public.idempotency_keys
    where user_id = ${userId} and key = ${key}
      and created_at >= now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`);
  return rows.rows.length > 0;
}

/** Deletes keys older than 24 h, as service_role (the table's RLS is forced). Returns how many. */
export async function deleteExpiredIdempotencyKeys(client: pg.PoolClient): Promise<number> {
  await client.query("begin");
  try {
    await client.query("select set_config('role', 'service_role', true)");
    const result = await client.query(
      "delete from public.idempotency_keys where created_at < now() - make_interval(hours => $1)",
      [IDEMPOTENCY_KEY_TTL_HOURS],
    );
    await client.query("commit");
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/** The hourly clean-up of expired keys, for the worker (src/worker). */
export function idempotencyWorkerJobs(): TWorkerJobs {
  return {
    taskList: {
      delete_expired_idempotency_keys: async (_payload, helpers) => {
        const deleted = await helpers.withPgClient((client) => deleteExpiredIdempotencyKeys(client));
        if (deleted > 0) helpers.logger.info(`deleted ${deleted} expired idempotency key(s)`);
      },
    },
    crontab: ["41 * * * * delete_expired_idempotency_keys"],
  };
}
