import { defineRouting } from "next-intl/routing";

export const routing = defineRouting({
  locales: ["fr-CA", "en"],
  defaultLocale: "fr-CA",
  // French URLs carry no prefix (/connexion...), English ones start with /en.
  localePrefix: "as-needed",
});

export type TLocale = (typeof routing.locales)[number];
