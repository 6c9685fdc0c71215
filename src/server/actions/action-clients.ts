import "server-only";
import { headers } from "next/headers";
import { hasLocale } from "next-intl";
import { getLocale } from "next-intl/server";
import { createSafeActionClient } from "next-safe-action";
import { z } from "zod";
import { routing, type TLocale } from "@/i18n/routing";
import type { TActionError } from "@/lib/errors";
import { assertRole } from "../auth/roles";
import { requireUser } from "../auth/session";
import { AppError, toAppError } from "../errors";
import { translateError } from "../errors-i18n";
import { actionNameOf, logUnexpectedError, noteRequestError, requestIdFrom, runLoggedRequest } from "../log";

/** The locale of the action's request (set by the next-intl proxy), as getTranslations() sees it. */
async function actionLocale(): Promise<TLocale> {
  const locale = await getLocale();
  return hasLocale(routing.locales, locale) ? locale : routing.defaultLocale;
}

type TValidationNode = { _errors?: string[] } & { [field: string]: unknown };

/** First message per field path ("a.b"; "_form" for the input as a whole), in issue order. */
function fieldKeysOf(node: TValidationNode, path: string[] = [], into: Record<string, string> = {}) {
  const first = node._errors?.[0];
  if (first !== undefined) into[path.length > 0 ? path.join(".") : "_form"] ??= first;
  for (const [key, child] of Object.entries(node)) {
    if (key !== "_errors" && child && typeof child === "object") {
      fieldKeysOf(child as TValidationNode, [...path, key], into);
    }
  }
  return into;
}

/**
 * next-safe-action's `handleValidationErrorsShape` for every action: the issues it already
 * collected (the schema runs once) become a TActionError with code VALIDATION and the
 * translated `validation.<key>` message of each field. Pass it with each input schema:
 * `.inputSchema(ZInput, { handleValidationErrorsShape: toValidationError })`.
 */
export async function toValidationError(validationErrors: unknown): Promise<TActionError> {
  const fieldKeys = fieldKeysOf((validationErrors ?? {}) as TValidationNode);
  const details = Object.keys(fieldKeys).length > 0 ? { fieldErrors: fieldKeys } : undefined;
  return translateError(new AppError("VALIDATION", undefined, details), await actionLocale());
}

/**
 * The input of an action that takes none (`action()`): with it, such an action's result has the
 * same `validationErrors?: TActionError` type as every other (an argument is refused).
 */
export const ZNoInput = z.void();

/**
 * Every action's client. A thrown AppError (from a service, a guard, or a database error it
 * maps to) reaches the browser as `serverError`: a TActionError in the request's locale.
 * Anything else is INTERNAL, logged here, and says nothing about what failed.
 */
export const actionClient = createSafeActionClient({
  handleServerError: async (error): Promise<TActionError> => {
    const appError = toAppError(error);
    noteRequestError(appError.code);
    if (appError.code === "INTERNAL") logUnexpectedError("action", error);
    return translateError(appError, await actionLocale());
  },
}).use(async ({ next }) => {
  // One log line per action: its name, the request id, the user (noted by the session read), the outcome.
  const requestHeaders = await headers();
  return runLoggedRequest(
    "action",
    actionNameOf(requestHeaders.get("next-action")),
    // Actions are posted to a page's path: src/proxy.ts has set the id.
    requestIdFrom(requestHeaders, { fromProxy: true }),
    () => next(),
    (result) => ({ outcome: result.success ? "ok" : "error" }),
  );
});

/** A signed-in user is required (UNAUTHENTICATED otherwise), available as `ctx.user`. */
export const authActionClient = actionClient.use(async ({ next }) => next({ ctx: { user: await requireUser() } }));

/** Admins only (FORBIDDEN otherwise). Each service checks again and runs under RLS. */
export const adminActionClient = authActionClient.use(async ({ next, ctx }) => {
  assertRole(ctx.user, "admin");
  return next();
});

/** Students only (FORBIDDEN otherwise). Each service checks again and runs under RLS. */
export const studentActionClient = authActionClient.use(async ({ next, ctx }) => {
  assertRole(ctx.user, "student");
  return next();
});
