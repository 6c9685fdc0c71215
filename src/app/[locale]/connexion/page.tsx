import { getTranslations, setRequestLocale } from "next-intl/server";
import { LocaleSwitch } from "@/components/layout/locale-switch";
import { Card, CardContent } from "@/components/ui/card";
import { SignInForm } from "@/features/auth/components/sign-in-form";
import { homePathFor } from "@/features/users/home-path";
import { redirect } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { getSessionUser } from "@/server/auth/session";

export const generateMetadata = titleFromMessages("auth", "signInTitle");

export default async function SignInPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await getSessionUser();
  if (user) return redirect({ href: homePathFor(user.role), locale });
  const t = await getTranslations("auth");
  const tApp = await getTranslations("app");

  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{tApp("name")}</p>
          <h1 className="mt-2 text-2xl font-semibold">{t("signInTitle")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("signInIntro")}</p>
        </div>
        <Card>
          <CardContent className="py-6">
            <SignInForm />
          </CardContent>
        </Card>
        <div className="flex justify-center">
          <LocaleSwitch />
        </div>
      </div>
    </main>
  );
}
