import { getTranslations, setRequestLocale } from "next-intl/server";
import { SignedOutLink, SignedOutPage } from "@/components/layout/signed-out-page";
import { ForgotPasswordForm } from "@/features/auth/components";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";

export const generateMetadata = titleFromMessages("passwordReset", "requestTitle");

/** "Mot de passe oublié ?", signed out: one answer for every email (no account-existence oracle). */
export default async function ForgotPasswordPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("passwordReset");
  return (
    <ClientMessages scope="passwordReset">
      <SignedOutPage
        title={t("requestTitle")}
        intro={t("requestIntro")}
        after={<SignedOutLink href="/connexion">{t("backToSignIn")}</SignedOutLink>}
      >
        <ForgotPasswordForm />
      </SignedOutPage>
    </ClientMessages>
  );
}
