import { getFormatter, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { PRIORITIES } from "../constants";
import type { TAdminDashboard } from "../dto";

type THref = { pathname: "/admin/demandes"; query: Record<string, string> };

const COUNTERS = [
  { key: "open", label: "countOpen" },
  { key: "inProgress", label: "countInProgress" },
  { key: "unassigned", label: "countUnassigned" },
  { key: "mine", label: "countMine" },
] as const;

/** Where each counter leads: the ticket list with the matching filter. */
function counterHref(key: (typeof COUNTERS)[number]["key"], userId: string): THref {
  switch (key) {
    case "open":
      return { pathname: "/admin/demandes", query: { status: "open" } };
    case "inProgress":
      return { pathname: "/admin/demandes", query: { status: "in_progress" } };
    case "unassigned":
      return { pathname: "/admin/demandes", query: { assignee: "unassigned", sort: "status_asc" } };
    case "mine":
      return { pathname: "/admin/demandes", query: { assignee: userId, sort: "status_asc" } };
  }
}

const tileClass =
  "flex h-full flex-col-reverse rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600";

/**
 * The unresolved counts (open or in progress): the total, by status, unassigned, mine, and by
 * priority; each a link to the list it counts, big numbers shown as "1 000+".
 */
export async function AdminDashboardCounters({
  dashboard,
  currentUserId,
}: {
  dashboard: TAdminDashboard;
  currentUserId: string;
}) {
  const t = await getTranslations("admin");
  const tPriority = await getTranslations("priority");
  const format = await getFormatter();
  const { countCap } = dashboard;
  const shown = (count: number) => (count > countCap ? `${format.number(countCap)}+` : format.number(count));
  const tile = (testId: string, href: THref, label: string, count: number) => (
    <Link href={href} className={tileClass} data-testid={testId}>
      <span className="text-sm text-slate-600">{label}</span>
      <span className="text-2xl font-semibold text-slate-900">{shown(count)}</span>
    </Link>
  );

  return (
    <section aria-labelledby="counts-title" className="space-y-3">
      <h2 id="counts-title" className="sr-only">
        {t("unresolved")}
      </h2>
      <ul className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <li className="col-span-2 md:col-span-1">
          {tile(
            "count-unresolved",
            { pathname: "/admin/demandes", query: { sort: "status_asc" } },
            t("countUnresolved"),
            dashboard.unresolved,
          )}
        </li>
        {COUNTERS.map(({ key, label }) => (
          <li key={key}>{tile(`count-${key}`, counterHref(key, currentUserId), t(label), dashboard.counts[key])}</li>
        ))}
      </ul>
      <h3 id="priority-counts-title" className="text-sm font-semibold text-slate-800">
        {t("byPriority")}
      </h3>
      <ul aria-labelledby="priority-counts-title" className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {[...PRIORITIES].reverse().map((priority) => (
          <li key={priority}>
            {tile(
              `count-priority-${priority}`,
              { pathname: "/admin/demandes", query: { priority, sort: "status_asc" } },
              tPriority(priority),
              dashboard.byPriority[priority],
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
