import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocaleSwitch } from "@/components/layout/locale-switch";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Link } from "@/i18n/navigation";

/**
 * The pages a person reaches signed out (sign-in, sign-up, invitation, password reset): the
 * app's name, the title and its introduction centred above one card, `notices` between them,
 * `after` under the card (a link to another of these pages), and the language switch.
 */
export async function SignedOutPage({
  title,
  intro,
  notices,
  after,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  notices?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  const tApp = await getTranslations("app");
  return (
    <main id="main" className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{tApp("name")}</p>
          <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
          {intro ? <p className="mt-1 text-sm text-slate-600">{intro}</p> : null}
        </div>
        {notices ?? null}
        <Card>
          <CardContent className="space-y-4 py-6">{children}</CardContent>
        </Card>
        {after ?? null}
        <div className="flex justify-center">
          <LocaleSwitch />
        </div>
      </div>
    </main>
  );
}

/** Under the card: a link to another signed-out page ("J'ai déjà un compte", "Retour à la connexion"). */
export function SignedOutLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="text-center text-sm">
      <Link href={href} className="font-medium text-brand-700 underline underline-offset-2">
        {children}
      </Link>
    </p>
  );
}

/** In the card, for a link from an email that no longer works: why, and where to go instead. */
export function RefusedEmailLink({
  text,
  testId,
  href,
  action,
}: {
  text: string;
  testId: string;
  href: string;
  action: string;
}) {
  return (
    <>
      <p role="status" data-testid={testId}>
        {text}
      </p>
      <Button asChild variant="secondary" className="w-full">
        <Link href={href}>{action}</Link>
      </Button>
    </>
  );
}
