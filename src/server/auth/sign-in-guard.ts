import "server-only";
import { APIError, isAPIError } from "better-auth/api";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { localeFromHeaders, translatorFor } from "../http/locale";
import { auditSignInLocked } from "./auth-audit";
import { appSignInLimiter, type TSignInIdentity } from "./sign-in-limiter";

const SIGN_IN_PATH = "/sign-in/email";

function identityOf(ctx: { body?: unknown; headers?: Headers }): TSignInIdentity | null {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== "string" || email === "") return null;
  return { email, address: clientAddress(ctx.headers ?? new Headers(), env().TRUST_PROXY) };
}

/** What the hooks read of better-auth's endpoint context. */
export type TAuthHookContext = { path?: string; body?: unknown; headers?: Headers; context: { returned?: unknown } };

/**
 * better-auth's before hook on sign-in: runs for its HTTP endpoint and for in-process
 * auth.api.signInEmail() calls alike (the sign-in page's server action), which its own rate
 * limiter never sees. A locked account or address answers 429 with a translated message and
 * Retry-After, before the password is checked.
 */
export async function guardSignInAttempt(ctx: TAuthHookContext): Promise<void> {
  if (ctx.path !== SIGN_IN_PATH) return;
  const identity = identityOf(ctx);
  if (!identity) return;
  const verdict = await appSignInLimiter().attempt(identity);
  if (verdict.allowed) return;
  await auditSignInLocked(ctx, verdict.retryAfterSeconds);
  const t = translatorFor(localeFromHeaders(ctx.headers ?? new Headers()), "auth");
  throw new APIError(
    "TOO_MANY_REQUESTS",
    { code: "SIGN_IN_LOCKED", message: t("signInLocked", { minutes: Math.ceil(verdict.retryAfterSeconds / 60) }) },
    { "Retry-After": String(verdict.retryAfterSeconds) },
  );
}

/** After hook: a successful sign-in clears the account's failures. */
export async function recordSignInOutcome(ctx: TAuthHookContext): Promise<void> {
  if (ctx.path !== SIGN_IN_PATH) return;
  const identity = identityOf(ctx);
  const returned = ctx.context.returned;
  if (!identity || returned === undefined || isAPIError(returned) || returned instanceof Response) return;
  await appSignInLimiter().succeeded(identity);
}
