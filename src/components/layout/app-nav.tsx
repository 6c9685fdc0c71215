"use client";

import { useTranslations } from "next-intl";
import { Link, usePathname } from "@/i18n/navigation";
import { cn } from "@/lib/cn";
import type { TUserRole } from "@/lib/user-roles";

type TNavItem = {
  href: string;
  label:
    | "adminHome"
    | "tickets"
    | "analytics"
    | "categories"
    | "sla"
    | "cannedReplies"
    | "tags"
    | "assignmentRules"
    | "webhooks"
    | "emails"
    | "users"
    | "security"
    | "settings"
    | "preferences"
    | "studentHome"
    | "newTicket";
  exact?: boolean;
};

const ITEMS: Record<TUserRole, TNavItem[]> = {
  admin: [
    { href: "/admin", label: "adminHome", exact: true },
    { href: "/admin/demandes", label: "tickets" },
    { href: "/admin/analytique", label: "analytics" },
    { href: "/admin/categories", label: "categories" },
    { href: "/admin/sla", label: "sla" },
    { href: "/admin/reponses-types", label: "cannedReplies" },
    { href: "/admin/etiquettes", label: "tags" },
    { href: "/admin/attribution", label: "assignmentRules" },
    { href: "/admin/webhooks", label: "webhooks" },
    { href: "/admin/courriels", label: "emails" },
    { href: "/admin/utilisateurs", label: "users" },
    { href: "/admin/securite", label: "security" },
    { href: "/admin/parametres", label: "settings" },
    { href: "/preferences", label: "preferences" },
  ],
  student: [
    { href: "/etudiant", label: "studentHome" },
    { href: "/etudiant/demandes/nouvelle", label: "newTicket", exact: true },
    { href: "/preferences", label: "preferences" },
  ],
  tutor: [],
};

/** The sections a role sees; in host mode the host app manages accounts, so there is no accounts page. */
export function navItemsFor(role: TUserRole, hostAccounts: boolean): TNavItem[] {
  return hostAccounts ? ITEMS[role].filter((item) => item.label !== "users") : ITEMS[role];
}

/** The sections of the user's space; the current one is marked for screen readers and by sight. */
export function AppNav({ role, hostAccounts = false }: { role: TUserRole; hostAccounts?: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const items = navItemsFor(role, hostAccounts);
  if (items.length === 0) return null;
  // The longest matching prefix wins, so "Nouvelle demande" is not also "Mes demandes".
  const current = items
    .filter((item) =>
      item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`),
    )
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label={t("mainNav")} className="border-t border-slate-100">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-3">
        {items.map((item) => {
          const active = item === current;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex min-h-10 items-center border-b-2 px-1 text-[0.8125rem] font-medium sm:px-3 sm:text-sm",
                  active
                    ? "border-brand-600 text-brand-800"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
