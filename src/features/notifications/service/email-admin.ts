import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TEmailSuppression, TResendResult } from "../dto";
import { deleteSuppression, resendEmail, selectSuppressions } from "../repository";

const pgError = (error: unknown) => error as { code?: string; hint?: string; cause?: { code?: string; hint?: string } };

/**
 * "Renvoyer": a failed email is copied into a new pending row (to the user's current address)
 * and sent at once; once per failed row, never to a suspended address.
 */
export async function resendFailedEmail(user: TSessionUser, id: string): Promise<TResendResult> {
  assertRole(user, "admin");
  try {
    return { ok: true, id: await withUser(user, (tx) => resendEmail(tx, id)) };
  } catch (error) {
    const e = pgError(error);
    const code = e.code ?? e.cause?.code;
    const hint = e.hint ?? e.cause?.hint;
    if (code === "P0002") throw new AppError("NOT_FOUND");
    if (code === "55000") return { ok: false, reason: hint === "suppressed" ? "suppressed" : "not_failed" };
    throw error;
  }
}

/** Addresses the relay refused for good (newest first). */
export async function listEmailSuppressions(user: TSessionUser): Promise<TEmailSuppression[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectSuppressions(tx));
}

/** The address is fixed (or was refused by mistake): emails go to it again. */
export async function liftEmailSuppression(user: TSessionUser, userId: string): Promise<{ userId: string }> {
  assertRole(user, "admin");
  const deleted = await withUser(user, (tx) => deleteSuppression(tx, userId));
  if (!deleted) throw new AppError("NOT_FOUND");
  return { userId };
}
