import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { signOutAction } from "@/features/auth/actions/sign-out";
import { NotificationBell } from "@/features/notifications/components";
import { countUnreadNotifications } from "@/features/notifications/service/in-app-notifications";
import { getPublicSettings } from "@/features/settings";
import { SupportContact } from "@/features/settings/components";
import { notificationTypesFor } from "@/lib/notification-values";
import { getSessionUser } from "@/server/auth/session";
import { env } from "@/server/env";

/**
 * What the (admin), (student) and (tutor) layouts render: the shell, drawn once per space. The
 * session is read here only to draw the header; each page still checks its own role, because a
 * layout does not re-run on client navigation. The footer shows the support contact admins set
 * (issue 17), when there is one.
 */
export async function SignedInShell({ locale, children }: { locale: string; children: ReactNode }) {
  setRequestLocale(locale);
  const [user, settings] = await Promise.all([getSessionUser(), getPublicSettings()]);
  const { supportContact } = settings;
  const hasContact = Boolean(supportContact.email || supportContact.phone || supportContact.hours);
  // The bell, for the roles that get notifications; its count is one indexed read.
  const bell =
    user && notificationTypesFor(user.role).length > 0 ? (
      <NotificationBell initialUnread={await countUnreadNotifications(user)} role={user.role} />
    ) : null;
  // Supabase sign-in: the host app owns the session, so "Se déconnecter" leads to its sign-out
  // (or is not shown); host mode: the host app owns the accounts too.
  const config = env();
  const signOut =
    config.AUTH_MODE !== "supabase"
      ? signOutAction
      : config.SUPABASE_SIGN_OUT_URL
        ? { href: config.SUPABASE_SIGN_OUT_URL }
        : null;
  return (
    <AppShell
      user={user}
      signOut={signOut}
      hostAccounts={config.HOST_MODE}
      headerExtra={bell}
      footer={user && hasContact ? <ShellFooter settings={settings} /> : null}
    >
      {children}
    </AppShell>
  );
}

async function ShellFooter({ settings }: { settings: Awaited<ReturnType<typeof getPublicSettings>> }) {
  const t = await getTranslations("settings.contact");
  return (
    <div className="mx-auto max-w-6xl space-y-1 px-4 py-4 text-sm" data-testid="footer-support-contact">
      <p className="font-medium text-slate-800">{t("footerTitle")}</p>
      <SupportContact
        contact={settings.supportContact}
        className="flex flex-col gap-x-6 gap-y-1 sm:flex-row sm:flex-wrap"
      />
    </div>
  );
}
