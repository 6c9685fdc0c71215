import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { SignedOutLink, SignedOutPage } from "@/components/layout/signed-out-page";
import { SignInForm } from "@/features/auth/components/sign-in-form";
import { ClientMessages } from "@/i18n/client-messages";
import { Link, redirect } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { homePathFor } from "@/lib/home-path";
import { safeReturnPath } from "@/lib/return-path";
import { getSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";

export const generateMetadata = titleFromMessages("auth", "signInTitle");

export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const query = await searchParams;
  const returnTo = safeReturnPath(query.retour);
  const signedOut = query.deconnexion === "1";
  // Sent here by the error page when the session ended under a page (account deactivated).
  const sessionEnded = !signedOut && query.session === "fin";
  // Sent here by the reset page: the new password is set and every session has ended.
  const passwordChanged = query.motdepasse === "nouveau";
  const user = await getSessionUser();
  if (user) return redirect({ href: returnTo ?? homePathFor(user.role), locale });
  const t = await getTranslations("auth");

  return (
    <ClientMessages scope="signIn">
      <SignedOutPage
        title={t("signInTitle")}
        intro={t("signInIntro")}
        notices={
          <>
            {signedOut ? (
              <SignInNotice tone="success" testId="signed-out-notice">
                {t("signedOut")}
              </SignInNotice>
            ) : null}
            {passwordChanged ? (
              <SignInNotice tone="success" testId="password-changed-notice">
                {t("passwordChanged")}
              </SignInNotice>
            ) : null}
            {sessionEnded ? (
              <SignInNotice tone="warning" testId="session-ended-notice">
                {t("sessionEnded")}
              </SignInNotice>
            ) : null}
          </>
        }
        after={env().AUTH_ALLOW_SIGNUP ? <SignedOutLink href="/inscription">{t("signUpLink")}</SignedOutLink> : null}
      >
        <SignInForm returnTo={returnTo} />
        <p className="text-center text-sm">
          <Link href="/mot-de-passe-oublie" className="font-medium text-brand-700 underline underline-offset-2">
            {t("forgotPassword")}
          </Link>
        </p>
      </SignedOutPage>
    </ClientMessages>
  );
}

/** Why the person is on the sign-in page (signed out, password changed, session ended). */
function SignInNotice({
  tone,
  testId,
  children,
}: {
  tone: "success" | "warning";
  testId: string;
  children: ReactNode;
}) {
  const colours =
    tone === "success" ? "border-green-200 bg-green-50 text-green-900" : "border-amber-200 bg-amber-50 text-amber-900";
  return (
    <p role="status" className={`rounded-md border px-3 py-2 text-center text-sm ${colours}`} data-testid={testId}>
      {children}
    </p>
  );
}
