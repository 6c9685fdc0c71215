import "server-only";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TEmailDetails } from "../dto";
import { selectEmailDetails } from "../repository";

/** One email of the log with its rendered subject, HTML and text (admins only). */
export async function getEmailDetails(user: TSessionUser, id: string): Promise<TEmailDetails> {
  assertRole(user, "admin");
  const details = await withUser(user, (tx) => selectEmailDetails(tx, id));
  if (!details) throw new AppError("NOT_FOUND");
  return details;
}
