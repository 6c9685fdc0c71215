/**
 * Calls the REAL exported server actions in Vitest, as a signed-in user.
 *
 * A factory user gets a real better-auth session (a `sessions` row, its cookie signed with the
 * app's secret), so `requireUser()` goes through `getAuth().api.getSession()` exactly as in a
 * request. Only the edges of the world are replaced, because Next is not running:
 * - `next/headers`: `headers()` / `cookies()` carry that session cookie and the locale;
 * - `next-intl/server`: `getLocale()` / `getTranslations()` answer in the chosen locale with
 *   next-intl's own translator over messages/fr-CA.json and messages/en.json.
 *
 * Each test file registers the two mocks itself (vi.mock is hoisted only in the test file):
 *
 *   vi.mock("next/headers", async () => (await import("../support/actions")).nextHeadersMock);
 *   vi.mock("next-intl/server", async () => (await import("../support/actions")).nextIntlServerMock);
 */

import { createTranslator } from "next-intl";
import { expect } from "vitest";
import type { TLocale } from "@/i18n/routing";
import type { TActionError, TErrorCode } from "@/lib/errors";
import en from "../../messages/en.json";
import frCA from "../../messages/fr-CA.json";

type TEdge = { cookie: string; locale: TLocale };

const edge: TEdge = { cookie: "", locale: "fr-CA" };
const MESSAGES = { "fr-CA": frCA, en } as const;

function cookiePairs() {
  return edge.cookie
    .split(/;\s*/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
}

/** `next/headers` as a request carrying the session cookie and the locale would give it. */
export const nextHeadersMock = {
  headers: async () =>
    new Headers({
      ...(edge.cookie ? { cookie: edge.cookie } : {}),
      "accept-language": edge.locale,
      "x-forwarded-for": "127.0.0.1",
    }),
  cookies: async () => ({
    get: (name: string) => cookiePairs().find((c) => c.name === name),
    getAll: () => cookiePairs(),
    has: (name: string) => cookiePairs().some((c) => c.name === name),
    // A refreshed session cookie would be set here; the test keeps the one it made.
    set: () => undefined,
    delete: () => undefined,
  }),
};

function translatorFor(namespace?: string) {
  return createTranslator({ locale: edge.locale, messages: MESSAGES[edge.locale] as typeof frCA, namespace } as never);
}

/** `next-intl/server` in the locale of the request, over the app's own messages. */
export const nextIntlServerMock = {
  getLocale: async () => edge.locale,
  getTranslations: async (options?: string | { namespace?: string; locale?: string }) =>
    translatorFor(typeof options === "string" ? options : options?.namespace),
};

/** The locale of the next action calls (the request's locale in the app). */
export function useLocale(locale: TLocale): void {
  edge.locale = locale;
}

/** Signs out: the next action calls carry no session cookie. */
export function signOut(): void {
  edge.cookie = "";
}

type TSignedInUser = { id: string };

/** Creates a real better-auth session for `user` and carries its cookie on the next action calls. */
export async function signInAs(user: TSignedInUser): Promise<void> {
  const { getAuth } = await import("@/server/auth/auth");
  const { makeSignature } = await import("better-auth/crypto");
  const context = await getAuth().$context;
  const session = await context.internalAdapter.createSession(user.id);
  const signature = await makeSignature(session.token, context.secret);
  edge.cookie = `${context.authCookies.sessionToken.name}=${encodeURIComponent(`${session.token}.${signature}`)}`;
}

/** `validation.<key>` in the current locale: what a field error must say. */
export function validationText(key: keyof typeof frCA.validation, locale: TLocale = edge.locale): string {
  return createTranslator({ locale, messages: MESSAGES[locale] as typeof frCA, namespace: "validation" })(key);
}

/** `errors.<CODE>` in the current locale: what an action error's message must say. */
export function errorText(code: TErrorCode, locale: TLocale = edge.locale): string {
  return createTranslator({ locale, messages: MESSAGES[locale] as typeof frCA, namespace: "errors" })(code);
}

/** Any action's result, as next-safe-action types it with our error shapes. */
export type TAnyActionResult = { data?: unknown; serverError?: TActionError; validationErrors?: TActionError };
type TResult = TAnyActionResult;

/** The action failed on the server (a guard or a service) with `code`, translated. */
export function expectServerError(result: TResult, code: TErrorCode): void {
  expect(result).toEqual({ serverError: { code, message: errorText(code) } });
}

/**
 * The action refused its input before reaching the service: VALIDATION with exactly these
 * fields, each with the translated message of its `validation.<key>` (null: the generic
 * errors.VALIDATION, for a zod message that is not one of our keys).
 */
export function expectValidationError(
  result: TResult,
  fieldKeys: Record<string, keyof typeof frCA.validation | null>,
): void {
  expect(result.serverError, "serverError").toBeUndefined();
  expectRefusedInput(result.validationErrors, fieldKeys);
}

/** The action answered data (no error of any kind); returns the data. */
export function dataOf<T>(result: { data?: T; serverError?: unknown; validationErrors?: unknown }): T {
  expect(result.serverError, "serverError").toBeUndefined();
  expect(result.validationErrors, "validationErrors").toBeUndefined();
  return result.data as T;
}

/** The error an action answered, whether its schema (validationErrors) or its service (serverError) refused. */
export function actionErrorOf(result: TResult): TActionError | undefined {
  return result.validationErrors ?? result.serverError;
}

/**
 * An edge (an action, or a route handler's JSON body without its `ok`) refused the input with
 * VALIDATION and exactly these fields, each carrying the translated `validation.<key>`. For
 * tests that asserted the same code, fields and keys on the service before input was parsed
 * only at the edge.
 */
export function expectRefusedInput(error: TActionError | undefined, fieldKeys: Record<string, string | null>): void {
  const fieldErrors = Object.fromEntries(
    Object.entries(fieldKeys).map(([field, key]) => [
      field,
      key ? validationText(key as keyof typeof frCA.validation) : errorText("VALIDATION"),
    ]),
  );
  expect(error, "expected the edge to refuse the input").toEqual({
    code: "VALIDATION",
    message: errorText("VALIDATION"),
    fieldErrors,
  });
}

/** A route handler's failure body as the TActionError it carries (without `ok: false`). */
export function errorOfBody(body: {
  ok: boolean;
  code?: string;
  message?: string;
  fieldErrors?: object;
}): TActionError {
  expect(body.ok, "expected the route handler to fail").toBe(false);
  const { ok: _ok, ...error } = body;
  return error as TActionError;
}
