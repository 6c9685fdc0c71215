import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import type { TSavedView } from "../dto";
import { DeleteViewButton } from "./delete-view-button";

/**
 * The admin's saved views, in the list's navigation: each opens with its own address
 * (/admin/demandes?view=…) and shows a capped count ("50+"), counted like the dashboard's.
 */
export async function SavedViewsNav({
  views,
  cap,
  currentViewId,
}: {
  views: (TSavedView & { count: number | null })[];
  cap: number;
  currentViewId: string | null;
}) {
  const t = await getTranslations("tickets.views");
  if (views.length === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <nav aria-label={t("navLabel")} data-testid="saved-views">
      <ul className="flex flex-wrap gap-2">
        {views.map((view) => {
          const current = view.id === currentViewId;
          const count = view.count === null ? null : view.count > cap ? t("countCapped", { cap }) : String(view.count);
          return (
            <li key={view.id} className="inline-flex items-center gap-1" data-testid="saved-view">
              <Link
                href={`/admin/demandes?view=${view.id}`}
                aria-current={current ? "page" : undefined}
                className={`inline-flex min-h-9 items-center gap-2 rounded-full border px-3 text-sm ${
                  current
                    ? "border-brand-600 bg-brand-50 font-semibold text-brand-800"
                    : "border-slate-300 text-slate-800 hover:border-slate-400"
                }`}
              >
                <span>{view.name}</span>
                {view.isShared ? <span className="text-xs text-slate-600">{t("sharedMark")}</span> : null}
                {count !== null ? (
                  <span className="rounded-full bg-slate-100 px-1.5 text-xs text-slate-700 tabular-nums">
                    <span className="sr-only">{t("countLabel")} </span>
                    {count}
                  </span>
                ) : null}
              </Link>
              {view.isMine ? <DeleteViewButton viewId={view.id} name={view.name} /> : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
