import "server-only";
import { notificationTypesFor } from "@/lib/notification-values";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import { withServiceRole, withUser } from "@/server/db/with-user";
import { AppError } from "@/server/errors";
import type { TCategoryChoice, TNotificationPreference } from "../dto";
import {
  replaceCategorySubscriptions,
  selectCategoryChoices,
  selectPreferences,
  upsertPreference,
} from "../repository";
import {
  type TSetCategorySubscriptionsInput,
  type TSetNotificationPreferenceInput,
  ZSetNotificationPreferenceInput,
} from "../schemas";
import { verifyUnsubscribeToken } from "../unsubscribe-token";

/** The signed-in user's switches, one pair (email, in-app) per type their role receives; no row means on. */
export async function getNotificationPreferences(user: TSessionUser): Promise<TNotificationPreference[]> {
  const types = notificationTypesFor(user.role);
  if (types.length === 0) return [];
  const stored = await withUser(user, (tx) => selectPreferences(tx, user.id));
  return types.map((type) => ({
    type,
    enabled: stored.get(type)?.email ?? true,
    inApp: stored.get(type)?.inApp ?? true,
  }));
}

export async function setNotificationPreference(
  user: TSessionUser,
  rawInput: TSetNotificationPreferenceInput,
): Promise<TNotificationPreference> {
  const input = ZSetNotificationPreferenceInput.parse(rawInput);
  if (!notificationTypesFor(user.role).includes(input.type)) throw new AppError("FORBIDDEN");
  await withUser(user, (tx) => upsertPreference(tx, user.id, input.type, input.enabled, input.channel));
  const saved = (await getNotificationPreferences(user)).find((p) => p.type === input.type);
  if (!saved) throw new AppError("NOT_FOUND");
  return saved;
}

/** An admin's categories for "new request" emails and notifications (none chosen: every category). */
export async function getCategorySubscriptions(user: TSessionUser, locale: string): Promise<TCategoryChoice[]> {
  assertRole(user, "admin");
  return withUser(user, (tx) => selectCategoryChoices(tx, user.id, locale === "en" ? "en" : "fr"));
}

export async function setCategorySubscriptions(
  user: TSessionUser,
  input: TSetCategorySubscriptionsInput,
  locale = "fr-CA",
): Promise<TCategoryChoice[]> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    await replaceCategorySubscriptions(tx, user.id, [...new Set(input.categories)]);
    return selectCategoryChoices(tx, user.id, locale === "en" ? "en" : "fr");
  });
}

export type TUnsubscribeResult =
  | { ok: true; type: TNotificationPreference["type"] }
  | { ok: false; reason: "invalid" | "expired" };

/**
 * One-click unsubscribe (RFC 8058), signed out: the token alone names the user and the type.
 * Only a valid, unexpired token switches anything off, and only that one type's emails.
 */
export async function unsubscribeWithToken(token: string): Promise<TUnsubscribeResult> {
  const checked = await verifyUnsubscribeToken(token);
  if (!checked.ok) return checked;
  const { userId, type } = checked.claims;
  // The token is the authority here (no session): service_role writes exactly its claims.
  await withServiceRole(async (tx) => {
    await upsertPreference(tx, userId, type, false, "email");
  }).catch((error: unknown) => {
    // A token for a user deleted since: nothing to switch off.
    if ((error as { code?: string })?.code === "23503") return;
    throw error;
  });
  return { ok: true, type };
}
