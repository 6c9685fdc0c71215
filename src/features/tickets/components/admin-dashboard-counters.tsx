import { getFormatter, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import type { TAdminDashboard } from "../dto";

const COUNTERS = [
  { key: "open", label: "countOpen" },
  { key: "inProgress", label: "countInProgress" },
  { key: "unassigned", label: "countUnassigned" },
  { key: "mine", label: "countMine" },
] as const;

/** Where each counter leads: the ticket list with the matching filter. */
function counterHref(key: (typeof COUNTERS)[number]["key"], userId: string) {
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

/** The unresolved counts, each a link to the list it counts; big numbers shown as "1 000+". */
export async function AdminDashboardCounters({
  counts,
  countCap,
  currentUserId,
}: Pick<TAdminDashboard, "counts" | "countCap"> & { currentUserId: string }) {
  const t = await getTranslations("admin");
  const format = await getFormatter();
  return (
    <section aria-labelledby="counts-title">
      <h2 id="counts-title" className="sr-only">
        {t("unresolved")}
      </h2>
      <ul className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {COUNTERS.map(({ key, label }) => (
          <li key={key}>
            <Link
              href={counterHref(key, currentUserId)}
              className="flex h-full flex-col-reverse rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600"
              data-testid={`count-${key}`}
            >
              <span className="text-sm text-slate-600">{t(label)}</span>
              <span className="text-2xl font-semibold text-slate-900">
                {counts[key] > countCap ? `${format.number(countCap)}+` : format.number(counts[key])}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
