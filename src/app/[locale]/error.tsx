"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { startTransition, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { getPathname, Link } from "@/i18n/navigation";
import { SESSION_ENDED_DIGEST, UNAVAILABLE_DIGEST } from "@/lib/errors";

/**
 * Whether the page failed because the service is unreachable: the session lookup says so in
 * the digest (Next keeps a thrown error's own digest); any other server error, thrown by a query
 * while the database was going away, only the health check can tell (503 while it is down).
 */
function useServiceUnavailable(digest: string | undefined): boolean {
  const [unavailable, setUnavailable] = useState(digest === UNAVAILABLE_DIGEST);
  useEffect(() => {
    if (digest === UNAVAILABLE_DIGEST) return;
    let current = true;
    fetch("/api/health", { cache: "no-store" })
      .then((response) => current && setUnavailable(response.status === 503))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [digest]);
  return unavailable;
}

/**
 * The session ended under the page (the account was deactivated while its signed session cookie
 * was still trusted): go to the sign-in page with a notice. There the proxy checks the sessions
 * table whatever the cookie cache says and deletes the ended session's cookies (src/proxy.ts).
 * A full load, so no page of the ended session stays in the router's cache.
 */
function useEndSession(digest: string | undefined, locale: string): boolean {
  const ended = digest === SESSION_ENDED_DIGEST;
  useEffect(() => {
    if (!ended) return;
    window.location.assign(getPathname({ href: { pathname: "/connexion", query: { session: "fin" } }, locale }));
  }, [ended, locale]);
  return ended;
}

/**
 * What a page shows when its server work fails: a translated message and a way to try again,
 * never the error itself (in production Next.js sends only a digest anyway), and the reference
 * support looks up in the server's log (src/instrumentation.ts logs it with the request id).
 * While the database is unreachable it says so ("service unavailable, try again in a few moments").
 */
export default function LocaleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  const tAvailability = useTranslations("availability");
  const router = useRouter();
  const unavailable = useServiceUnavailable(error.digest);
  const sessionEnded = useEndSession(error.digest, useLocale());
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  if (sessionEnded) {
    return (
      <main
        id="main"
        className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center"
      >
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold" data-testid="error-title">
          {t("sessionEndedTitle")}
        </h1>
        <p role="status" className="text-slate-600">
          {t("sessionEndedBody")}
        </p>
      </main>
    );
  }
  // A server error: render the page again on the server, not only this boundary.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main
      id="main"
      className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center"
    >
      <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold" data-testid="error-title">
        {unavailable ? tAvailability("pageTitle") : t("pageTitle")}
      </h1>
      <p className="text-slate-600">{unavailable ? tAvailability("pageBody") : t("pageBody")}</p>
      {/* The digest is in the server's log line of this failure, next to the request id; the
          unavailable digest names no single failure. */}
      {error.digest && error.digest !== UNAVAILABLE_DIGEST ? (
        <p className="text-sm text-slate-500" data-testid="error-reference">
          {t("reference", { reference: error.digest })}
        </p>
      ) : null}
      <div className="flex flex-wrap justify-center gap-3">
        <Button type="button" onClick={retry}>
          {t("retry")}
        </Button>
        <Link href="/" className="px-2 py-2 text-brand-700 underline">
          {t("backHome")}
        </Link>
      </div>
    </main>
  );
}
