"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Link } from "@/i18n/navigation";

/**
 * What a page shows when its server work fails unexpectedly: a translated message and a way
 * to try again, never the error itself (in production Next.js sends only a digest anyway).
 */
export default function LocaleError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <main
      id="main"
      className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center"
    >
      <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold">
        {t("pageTitle")}
      </h1>
      <p className="text-slate-600">{t("pageBody")}</p>
      <div className="flex flex-wrap justify-center gap-3">
        <Button type="button" onClick={reset}>
          {t("retry")}
        </Button>
        <Link href="/" className="px-2 py-2 text-brand-700 underline">
          {t("backHome")}
        </Link>
      </div>
    </main>
  );
}
