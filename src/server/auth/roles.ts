import "server-only";
import type { TUserRole } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import type { TSessionUser } from "./session";

/** The one role guard: services, actions and route handlers refuse other roles with FORBIDDEN. */
export function assertRole(user: TSessionUser, ...roles: readonly TUserRole[]): void {
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN");
}
