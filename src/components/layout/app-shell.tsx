import type { ReactNode } from "react";
import { AppHeader, type THeaderSignOut, type THeaderUser } from "./app-header";

/**
 * The frame of every signed-in page: the header and the one <main> the skip link targets. Pages
 * choose their own width inside it. Without a user (the page is about to redirect to sign-in)
 * there is no header to draw.
 */
export function AppShell({
  user,
  signOut,
  hostAccounts,
  headerExtra,
  footer,
  children,
}: {
  user: THeaderUser | null;
  signOut: THeaderSignOut;
  hostAccounts?: boolean;
  /** Drawn in the header before the sign-out button (the notification bell, from the route's layout). */
  headerExtra?: ReactNode;
  /** The page's footer (the support contact admins set), drawn by the route's layout. */
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      {user ? <AppHeader user={user} signOut={signOut} hostAccounts={hostAccounts} extra={headerExtra} /> : null}
      <main id="main" className="flex-1">
        {children}
      </main>
      {footer ? <footer className="border-t border-slate-200 bg-white">{footer}</footer> : null}
    </div>
  );
}
