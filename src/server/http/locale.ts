import "server-only";
// use-intl/core, not next-intl: this module is loaded by the worker and scripts too, outside Next.
import { createTranslator, hasLocale } from "use-intl/core";
import { routing, type TLocale } from "@/i18n/routing";
import en from "../../../messages/en.json";
import frCA from "../../../messages/fr-CA.json";

const MESSAGES = { "fr-CA": frCA, en } as const;

/**
 * The locale of an API request. The proxy (next-intl middleware) does not run on /api, so
 * it is read here the way the middleware would: the NEXT_LOCALE cookie it sets, then
 * Accept-Language, then the default (fr-CA).
 */
export function requestLocale(request: Request): TLocale {
  return localeFromHeaders(request.headers);
}

/** NEXT_LOCALE's value, or undefined when absent or not valid percent-encoding (e.g. `%ZZ`). */
function cookieLocale(cookie: string): string | undefined {
  const raw = /(?:^|;\s*)NEXT_LOCALE=([^;]*)/.exec(cookie)?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    // A cookie is the client's to write: a malformed one falls back like a missing one.
    return undefined;
  }
}

/** requestLocale() for a request known only by its headers (better-auth hooks, server actions). */
export function localeFromHeaders(headers: Headers): TLocale {
  const fromCookie = cookieLocale(headers.get("cookie") ?? "");
  if (fromCookie && hasLocale(routing.locales, fromCookie)) return fromCookie;
  const accepted = (headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of accepted) {
    if (tag.startsWith("fr")) return "fr-CA";
    if (tag.startsWith("en")) return "en";
  }
  return routing.defaultLocale;
}

/**
 * A translator for route handlers. Same messages and ICU formatting as getTranslations(),
 * without needing Next's request scope (so handlers also run in tests and scripts).
 */
export function translatorFor<N extends keyof typeof frCA>(locale: TLocale, namespace: N) {
  return createTranslator({ locale, messages: MESSAGES[locale] as typeof frCA, namespace });
}
