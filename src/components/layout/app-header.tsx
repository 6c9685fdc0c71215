import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Link } from "@/i18n/navigation";
import { homePathFor } from "@/lib/home-path";
import type { TUserRole } from "@/lib/user-roles";
import { env } from "@/server/env";
import { AppNav } from "./app-nav";
import { LocaleSwitch } from "./locale-switch";

export type THeaderUser = { firstName: string; lastName: string; role: TUserRole };

/** `signOutAction` comes from the route's layout: components import no feature. */
export async function AppHeader({
  user,
  signOutAction,
  extra,
}: {
  user: THeaderUser;
  signOutAction: () => Promise<void>;
  extra?: ReactNode;
}) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  const tRoles = await getTranslations("roles");
  const name = `${user.firstName} ${user.lastName}`.trim();
  // Supabase sign-in: the host app owns the session, and signs out there. Host mode: the host
  // app owns the accounts too (no accounts page here).
  const config = env();
  const hostSession = config.AUTH_MODE === "supabase";
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
          {!hostSession ? (
            <form action={signOutAction}>
              <Button type="submit" variant="secondary" size="sm">
                {t("signOut")}
              </Button>
            </form>
          ) : config.SUPABASE_SIGN_OUT_URL ? (
            <Button asChild variant="secondary" size="sm">
              <a href={config.SUPABASE_SIGN_OUT_URL}>{t("signOut")}</a>
            </Button>
          ) : null}
        </div>
      </div>
      <AppNav role={user.role} hostAccounts={config.HOST_MODE} />
    </header>
  );
}
