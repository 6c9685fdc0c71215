import { getFormatter, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { cn } from "@/lib/cn";
import type { TTicketStatus } from "@/server/db/schema";
import { STATUSES } from "../constants";
import type { TStatusCounts } from "../dto";

/**
 * Quick stats that are also the status filter: one link per status with its count, the
 * current one marked. The filter lives in the address (?status=…), so it survives a reload.
 */
export async function StudentStatusTabs({ counts, current }: { counts: TStatusCounts; current?: TTicketStatus }) {
  const t = await getTranslations("tickets.studentList");
  const format = await getFormatter();
  const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const tabs = [
    { key: "all", label: t("all"), count: total, href: "/etudiant" },
    ...STATUSES.map((status) => ({
      key: status,
      label: t(`tabs.${status}`),
      count: counts[status],
      href: { pathname: "/etudiant", query: { status } },
    })),
  ];
  const currentKey = current ?? "all";
  return (
    <nav aria-label={t("filterLabel")}>
      <ul className="grid grid-cols-5 gap-1.5 sm:gap-2">
        {tabs.map((tab) => {
          const active = tab.key === currentKey;
          return (
            <li key={tab.key} className="min-w-0">
              <Link
                href={tab.href}
                aria-current={active ? "page" : undefined}
                data-testid={`status-tab-${tab.key}`}
                className={cn(
                  "flex h-full flex-col items-center rounded-lg border px-1 py-2 text-center transition-colors sm:items-start sm:px-3 sm:text-left",
                  active
                    ? "border-brand-600 bg-brand-50 text-brand-800 ring-1 ring-brand-600"
                    : "border-slate-200 bg-white text-slate-700 hover:border-brand-600",
                )}
              >
                <span className="text-xl font-semibold tabular-nums">{format.number(tab.count)}</span>
                <span className="text-[0.6875rem] leading-tight sm:text-xs">{tab.label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
