"use client";

import { useLocale, useTranslations } from "next-intl";
import { Link, usePathname } from "@/i18n/navigation";

/** Links to the same page in the other language. */
export function LocaleSwitch() {
  const t = useTranslations("nav");
  const locale = useLocale();
  const pathname = usePathname();
  const other = locale === "en" ? "fr-CA" : "en";
  return (
    <Link
      href={pathname}
      locale={other}
      hrefLang={other}
      lang={other}
      className="rounded px-2 py-1 text-sm text-slate-600 underline-offset-4 hover:underline"
    >
      {t("switchTo")}
    </Link>
  );
}
