import "server-only";
import { createHash } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { getAuth } from "@/server/auth/auth";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { TRateLimitDetails } from "@/server/errors-i18n";
import { clientAddress } from "@/server/http/client-address";
import { appRateLimiter, type TRateRule } from "@/server/security/rate-limiter";
import { validationError } from "@/server/validation";
import type { TSignUpInput } from "../schemas";

const digest = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 32);

/**
 * The sign-up page (AUTH_ALLOW_SIGNUP). better-auth's own limiter guards only its HTTP endpoint,
 * and this calls it in process: the page has its limits here (per trusted address, and all
 * clients together). better-auth then answers a registered address exactly as a new one and
 * sends the verification email only for a new account: the page always ends on "check your
 * email". Closed sign-up is NOT_FOUND (the page is not there either).
 */
export async function signUp(input: TSignUpInput, requestHeaders: Headers, locale: "fr-CA" | "en"): Promise<void> {
  const config = env();
  if (!config.AUTH_ALLOW_SIGNUP) throw new AppError("NOT_FOUND");
  const address = clientAddress(requestHeaders, config.TRUST_PROXY);
  const rules: TRateRule[] = [
    { name: "all", max: config.SIGN_UP_PER_MINUTE, windowSeconds: 60, cost: 1 },
    ...(address
      ? [{ name: `address:${digest(address)}`, max: config.SIGN_UP_PER_ADDRESS_PER_HOUR, windowSeconds: 3600, cost: 1 }]
      : []),
  ];
  const verdict = await appRateLimiter().consume("sign-up", rules);
  if (!verdict.allowed) {
    const which: TRateLimitDetails["message"] = "signUps";
    const rateLimit: TRateLimitDetails = { message: which, retryAfterSeconds: verdict.retryAfterSeconds };
    throw new AppError("RATE_LIMITED", "sign-ups", { rateLimit, retryAfterSeconds: verdict.retryAfterSeconds });
  }
  try {
    await getAuth().api.signUpEmail({
      body: {
        name: `${input.firstName} ${input.lastName}`,
        email: input.email,
        password: input.password,
        firstName: input.firstName,
        lastName: input.lastName,
        locale,
      },
      headers: requestHeaders,
    });
  } catch (error) {
    // The schema holds the same limits as better-auth's checks; these answer only a change there.
    if (isAPIError(error) && error.body?.code === "PASSWORD_TOO_SHORT")
      throw validationError("password", "passwordTooShort");
    if (isAPIError(error) && error.body?.code === "PASSWORD_TOO_LONG")
      throw validationError("password", "passwordTooLong");
    if (isAPIError(error) && error.body?.code === "INVALID_EMAIL") throw validationError("email", "emailInvalid");
    throw error;
  }
}
