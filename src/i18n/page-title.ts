import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

type TPageProps = { params: Promise<{ locale: string }> };

/** A page's `generateMetadata` whose title is the message `namespace.key` in the page's locale. */
export function titleFromMessages(namespace: string, key = "title") {
  return async function generateMetadata({ params }: TPageProps): Promise<Metadata> {
    const { locale } = await params;
    const t = await getTranslations({ locale, namespace });
    return { title: t(key) };
  };
}
