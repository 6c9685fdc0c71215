import "server-only";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb, type TDatabase } from "../db/client";
import { type TUserRole, USER_ROLES, users } from "../db/schema";
import { type TTx, withServiceRole } from "../db/with-user";
import { env } from "../env";
import { AppError, isConnectionFailure } from "../errors";
import { noteRequestUser } from "../log";
import { getAuth } from "./auth";
import { readSupabaseAccessToken, supabaseAuthConfig, verifySupabaseAccessToken } from "./supabase-session";

export type TSessionUser = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: TUserRole;
  locale: string;
  /**
   * The better-auth session the request came with. withUser(user) checks it is still a row of
   * the sessions table, so a session ended elsewhere stops at once even while the signed cookie
   * cache is trusted. Absent for Supabase tokens (JWTs are not looked up) and for work done for a
   * user outside a request.
   */
  sessionId?: string | null;
};

function isRole(value: unknown): value is TUserRole {
  return typeof value === "string" && (USER_ROLES as readonly string[]).includes(value);
}

async function readBetterAuthUser(requestHeaders: Headers): Promise<TSessionUser | null> {
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & Record<string, unknown>;
  if (!isRole(user.role)) return null;
  return {
    id: user.id,
    email: user.email,
    firstName: String(user.firstName ?? ""),
    lastName: String(user.lastName ?? ""),
    role: user.role,
    locale: String(user.locale ?? "fr-CA"),
    sessionId: session.session.id,
  };
}

/**
 * The platform user with this id, as our users table says (role included), or null. Host mode:
 * in a service_role transaction, whose search_path reads the host's users (client.ts,
 * hostSearchPathPrelude); standalone: one statement on the pool, as before.
 */
async function findSessionUserById(id: string): Promise<TSessionUser | null> {
  const [row] = env().HOST_MODE
    ? await withServiceRole((tx) => selectSessionUser(tx, id))
    : await selectSessionUser(getDb(), id);
  return row && isRole(row.role) ? row : null;
}

function selectSessionUser(db: TDatabase | TTx, id: string) {
  return db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      role: users.role,
      locale: users.locale,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
}

/**
 * AUTH_MODE=supabase: the host app's Supabase session. A valid token names the user; whether
 * they are one of ours, and with which role, is our users table's answer (the token's role and
 * metadata claims are the user's own to edit in some setups).
 */
export async function readSupabaseSessionUser(requestHeaders: Headers): Promise<TSessionUser | null> {
  const config = supabaseAuthConfig();
  const token = readSupabaseAccessToken(requestHeaders, config.cookieName);
  if (!token) return null;
  const userId = await verifySupabaseAccessToken(token, config);
  return userId ? findSessionUserById(userId) : null;
}

/**
 * The signed-in user of this request, or null. Cached for the duration of one request.
 * While the database is unreachable the lookup throws (better-auth's FAILED_TO_GET_SESSION with
 * the connection error as cause, or ours): that becomes AppError("UNAVAILABLE"), which route
 * handlers answer with 503 + Retry-After, actions as a TActionError, and pages with the
 * "service unavailable, try again" error page (its digest survives Next's redaction).
 */
export const getSessionUser = cache(async (): Promise<TSessionUser | null> => readSessionUser(await headers()));

/** getSessionUser for the given request headers (no per-request cache). */
export async function readSessionUser(requestHeaders: Headers): Promise<TSessionUser | null> {
  try {
    const user =
      env().AUTH_MODE === "supabase"
        ? await readSupabaseSessionUser(requestHeaders)
        : await readBetterAuthUser(requestHeaders);
    // In both modes: the request's log lines name who made it.
    noteRequestUser(user);
    return user;
  } catch (error) {
    if (isConnectionFailure(error)) throw new AppError("UNAVAILABLE");
    throw error;
  }
}

/** For actions and route handlers: the user, or AppError("UNAUTHENTICATED"). Roles: assertRole (./roles). */
export async function requireUser(): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED");
  return user;
}
