import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type TDatabase } from "./client";

export type TTx = Parameters<Parameters<TDatabase["transaction"]>[0]>[0];

/**
 * Runs `work` in one transaction as the database role `authenticated` with
 * auth.uid() = userId, so row-level security applies to every query inside.
 * All request-time queries go through this (or withAnon); the role and claim are
 * transaction-local and vanish at COMMIT/ROLLBACK, so pooled connections stay clean.
 */
export async function withUser<T>(userId: string, work: (tx: TTx) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('request.jwt.claim.sub', ${userId}, true), set_config('role', 'authenticated', true)`,
    );
    return work(tx);
  });
}

/** A transaction as the `anon` role (no user): sees nothing but what anon is granted. */
export async function withAnon<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('request.jwt.claim.sub', '', true), set_config('role', 'anon', true)`);
    return work(tx);
  });
}

/**
 * A transaction as `service_role` (BYPASSRLS), for trusted system work only: seeding,
 * background jobs, maintenance. Never call it with input a user controls the scope of.
 */
export async function withServiceRole<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'service_role', true)`);
    return work(tx);
  });
}
