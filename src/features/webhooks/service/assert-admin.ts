import "server-only";
import type { TSessionUser } from "@/server/auth/session";
import { AppError } from "@/server/errors";

/**
 * The delivery log is for admins. Services call this first, then run under withUser(), where
 * row-level security and the SECURITY DEFINER functions check auth.is_admin() again.
 */
export function assertAdmin(user: TSessionUser): void {
  if (user.role !== "admin") throw new AppError("FORBIDDEN");
}
