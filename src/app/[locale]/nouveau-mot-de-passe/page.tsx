import { getTranslations, setRequestLocale } from "next-intl/server";
import { RefusedEmailLink, SignedOutPage } from "@/components/layout/signed-out-page";
import { isPasswordResetLinkUsable } from "@/features/auth";
import { ResetPasswordForm } from "@/features/auth/components";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { linkTokenOf } from "@/lib/link-token";

export const generateMetadata = titleFromMessages("passwordReset", "resetTitle");

/**
 * Where a reset email's link lands, signed out: the password form while the link is signed and
 * in time (whether it is still the newest unused one is checked when the form is sent),
 * otherwise why it does not work. A GET changes nothing: mail scanners open links.
 */
export default async function ResetPasswordPage({
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
  const usable = token !== "" && (await isPasswordResetLinkUsable(token));
  const t = await getTranslations("passwordReset");
  return (
    <ClientMessages scope="passwordReset">
      <SignedOutPage title={t("resetTitle")} intro={usable ? t("resetIntro") : null}>
        {usable ? (
          <ResetPasswordForm token={token} />
        ) : (
          <RefusedEmailLink
            text={t("invalid")}
            testId="reset-link-invalid"
            href="/mot-de-passe-oublie"
            action={t("requestAgain")}
          />
        )}
      </SignedOutPage>
    </ClientMessages>
  );
}
