import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Link } from "@/i18n/navigation";
import { homePathFor } from "@/lib/home-path";
import type { TUserRole } from "@/lib/user-roles";
import { AppNav } from "./app-nav";
import { LocaleSwitch } from "./locale-switch";

export type THeaderUser = { firstName: string; lastName: string; role: TUserRole };

/**
 * How the header signs out: the app's own sign-out action, a link to the host app's sign-out
 * (Supabase sign-in: the host app owns the session), or nothing (no way to sign out here).
 */
export type THeaderSignOut = (() => Promise<void>) | { href: string } | null;

/** `signOut` comes from the route's layout: components import no feature. */
export async function AppHeader({
  user,
  signOut,
  hostAccounts = false,
  extra,
}: {
  user: THeaderUser;
  signOut: THeaderSignOut;
  /** Host mode: the host app manages accounts (no accounts page in the navigation). */
  hostAccounts?: boolean;
  extra?: ReactNode;
}) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  const tRoles = await getTranslations("roles");
  const name = `${user.firstName} ${user.lastName}`.trim();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link href={homePathFor(user.role)} className="font-semibold text-brand-700">
          {tApp("name")}
        </Link>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
            {t("signedInAs", { name })} · {tRoles(user.role)}
          </span>
          <LocaleSwitch />
          {extra}
          {typeof signOut === "function" ? (
            <form action={signOut}>
              <Button type="submit" variant="secondary" size="sm">
                {t("signOut")}
              </Button>
            </form>
          ) : signOut ? (
            <Button asChild variant="secondary" size="sm">
              <a href={signOut.href}>{t("signOut")}</a>
            </Button>
          ) : null}
        </div>
      </div>
      <AppNav role={user.role} hostAccounts={hostAccounts} />
    </header>
  );
}
