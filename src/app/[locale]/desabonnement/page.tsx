import { getTranslations, setRequestLocale } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { linkTokenOf } from "@/lib/link-token";

export const generateMetadata = titleFromMessages("email", "unsubscribe.title");

/**
 * Where an email's "stop receiving" link lands, signed out: a button that posts the token to
 * /api/email/unsubscribe (a GET never unsubscribes, since scanners open links), then the result.
 */
export default async function UnsubscribePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const query = await searchParams;
  const token = linkTokenOf(query);
  const result = typeof query.resultat === "string" ? query.resultat : null;
  const t = await getTranslations("email");
  const message =
    result === "ok"
      ? t("unsubscribe.done")
      : result === "expire"
        ? t("unsubscribe.expired")
        : result === "invalide"
          ? t("unsubscribe.invalid")
          : null;
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-6">
        <h1 className="text-center text-2xl font-semibold">{t("unsubscribe.title")}</h1>
        <Card>
          <CardContent className="space-y-4 py-6">
            {message ? (
              <p role="status" data-testid="unsubscribe-result">
                {message}
              </p>
            ) : token ? (
              <form
                method="post"
                action={`/api/email/unsubscribe?token=${encodeURIComponent(token)}`}
                className="space-y-4"
              >
                <p>{t("unsubscribe.confirm")}</p>
                <input type="hidden" name="from" value="page" />
                <input type="hidden" name="locale" value={locale} />
                <Button type="submit">{t("unsubscribe.button")}</Button>
              </form>
            ) : (
              <p>{t("unsubscribe.invalid")}</p>
            )}
            <p className="text-sm">
              <Link href="/preferences" className="text-brand-700 underline underline-offset-4">
                {t("unsubscribe.preferencesLink")}
              </Link>
            </p>
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
