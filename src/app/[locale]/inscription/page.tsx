import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { SignedOutLink, SignedOutPage } from "@/components/layout/signed-out-page";
import { SignUpForm } from "@/features/auth/components";
import { ClientMessages } from "@/i18n/client-messages";
import { redirect } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { homePathFor } from "@/lib/home-path";
import { getSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";

export const generateMetadata = titleFromMessages("signUp");

/** Open sign-up (AUTH_ALLOW_SIGNUP=true); otherwise there is no such page. */
export default async function SignUpPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  if (!env().AUTH_ALLOW_SIGNUP) notFound();
  const user = await getSessionUser();
  if (user) return redirect({ href: homePathFor(user.role), locale });
  const t = await getTranslations("signUp");
  return (
    <ClientMessages scope="signUp">
      <SignedOutPage
        title={t("title")}
        intro={t("intro")}
        after={<SignedOutLink href="/connexion">{t("haveAccount")}</SignedOutLink>}
      >
        <SignUpForm />
      </SignedOutPage>
    </ClientMessages>
  );
}
