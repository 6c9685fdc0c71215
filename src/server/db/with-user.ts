import "server-only";
import type pg from "pg";
import { isUuid } from "../text-shapes";
import { runInTransaction, runInTransactionOn, type TTx } from "./client";

export type { TTx };

/** Who a request acts for: a user id, or the request's session user (id and session). */
export type TActingUser = string | { id: string; sessionId?: string | null };

/**
 * Runs `work` in one transaction as the database role `authenticated` with
 * auth.uid() = userId, so row-level security applies to every query inside.
 * All request-time queries go through this (or withAnon); the role and claim are
 * transaction-local and vanish at COMMIT/ROLLBACK, so pooled connections stay clean.
 * The claim travels with BEGIN in one message, so it is written into the SQL text: only a
 * UUID is accepted (anything else throws before reaching the database).
 * Both claim forms are set: the legacy `request.jwt.claim.sub` and the JSON
 * `request.jwt.claims` that PostgREST sets, which Supabase's auth.uid() and auth.jwt() read.
 *
 * Nothing runs for a deactivated account, nor, given the request's session user, for a session
 * that is no longer a row of the sessions table (a password reset, a sign-out elsewhere), even
 * while the browser's signed session cookie is still trusted: TK005 → AppError UNAUTHENTICATED
 * in runInTransaction (migrations 0032, 0038), and pages sign the browser out.
 */
export async function withUser<T>(actor: TActingUser, work: (tx: TTx) => Promise<T>): Promise<T> {
  const userId = typeof actor === "string" ? actor : actor.id;
  if (!isUuid(userId)) throw new Error("withUser: the user id is not a UUID");
  const sessionId = typeof actor === "string" ? null : (actor.sessionId ?? null);
  if (sessionId !== null && !isUuid(sessionId)) throw new Error("withUser: the session id is not a UUID");
  const check =
    sessionId === null
      ? `select app.assert_active_user('${userId}')`
      : `select app.assert_active_session('${userId}', '${sessionId}')`;
  return runInTransaction(
    `${check}; select set_config('request.jwt.claim.sub', '${userId}', true), set_config('request.jwt.claims', '{"sub": "${userId}", "role": "authenticated"}', true), set_config('role', 'authenticated', true)`,
    work,
  );
}

/** A transaction as the `anon` role (no user): sees nothing but what anon is granted. */
export async function withAnon<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
  return runInTransaction(
    `select set_config('request.jwt.claim.sub', '', true), set_config('request.jwt.claims', '{"role": "anon"}', true), set_config('role', 'anon', true)`,
    work,
  );
}

/**
 * A transaction as `service_role` (BYPASSRLS), for trusted system work only: seeding,
 * background jobs, maintenance. Never call it with input a user controls the scope of.
 */
export async function withServiceRole<T>(work: (tx: TTx) => Promise<T>): Promise<T> {
  return runInTransaction("select set_config('role', 'service_role', true)", work);
}

/** withServiceRole on a connection the caller holds (a worker job's withPgClient). */
export async function withServiceRoleOn<T>(client: pg.PoolClient, work: (tx: TTx) => Promise<T>): Promise<T> {
  return runInTransactionOn(client, "select set_config('role', 'service_role', true)", work);
}
