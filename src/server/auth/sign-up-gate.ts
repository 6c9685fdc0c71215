import "server-only";
import { APIError } from "better-auth/api";
import { env } from "../env";
import { localeFromHeaders, translatorFor } from "../http/locale";
import type { TAuthHookContext } from "./sign-in-guard";

/**
 * Students' accounts come from the platform: unless AUTH_ALLOW_SIGNUP is set, every sign-up
 * path answers 403 with a translated message (better-auth's own disableSignUp refuses it too,
 * in English, and only on the email path).
 */
export function refuseClosedSignUp(ctx: TAuthHookContext): void {
  if (!ctx.path?.startsWith("/sign-up") || env().AUTH_ALLOW_SIGNUP) return;
  const t = translatorFor(localeFromHeaders(ctx.headers ?? new Headers()), "security");
  throw new APIError("FORBIDDEN", { code: "SIGN_UP_CLOSED", message: t("signUpClosed") });
}

/**
 * better-auth's own password reset endpoints are not used: the app's flow (features/auth,
 * migration 0033) answers every email the same way with the same work, spends its limits on both
 * the page and the worker, and refuses deactivated accounts. One door only: these answer 404.
 */
const UNUSED_PATHS = ["/request-password-reset", "/forget-password", "/reset-password"];

export function refuseUnusedEndpoints(ctx: TAuthHookContext): void {
  const path = ctx.path ?? "";
  if (!UNUSED_PATHS.some((unused) => path === unused || path.startsWith(`${unused}/`))) return;
  throw new APIError("NOT_FOUND", { code: "NOT_FOUND", message: "Not found" });
}
