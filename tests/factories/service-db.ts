import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "@/server/db/schema";
import { testPool } from "../support/db";

type TServiceTx = Parameters<Parameters<NodePgDatabase<typeof schema>["transaction"]>[0]>[0];

/**
 * Factories write as `service_role` (BYPASSRLS, and the ticket guard trusts it), in a
 * committed transaction of their own, like the seed and background jobs do.
 */
export function asServiceRoleTx<T>(work: (tx: TServiceTx) => Promise<T>): Promise<T> {
  return drizzle(testPool(), { schema }).transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', 'service_role', true)`);
    return work(tx);
  });
}

/** A short random suffix that keeps emails, codes and paths unique across factory calls. */
export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export function pick<T>(values: readonly T[]): T {
  const value = values[Math.floor(Math.random() * values.length)];
  if (value === undefined) throw new Error("pick() from an empty list");
  return value;
}

/** The first row a RETURNING statement gave back. */
export function only<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error("expected the statement to return a row");
  return row;
}
