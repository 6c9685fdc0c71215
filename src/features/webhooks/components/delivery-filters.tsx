import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { getPathname, Link } from "@/i18n/navigation";
import { type TWebhookLogFilters, WEBHOOK_LOG_STATES, WEBHOOK_LOG_TYPES } from "../schemas";
import { typeLabelKey } from "./delivery-labels";

const selectClass =
  "block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus-visible:border-brand-600 sm:text-sm";

/**
 * Type and state filters as a GET form: they live in the URL, so they survive a reload and
 * can be bookmarked or shared; next/form navigates client-side when JavaScript is there.
 */
export async function DeliveryFilters({ filters, locale }: { filters: TWebhookLogFilters; locale: string }) {
  const t = await getTranslations("webhooks");
  const path = getPathname({ href: "/admin/webhooks", locale });
  const active = Boolean(filters.type || filters.state);
  return (
    <Form
      key={`${filters.type ?? ""}:${filters.state ?? ""}`}
      action={path}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      aria-labelledby="filters-title"
    >
      <h3 id="filters-title" className="sr-only">
        {t("filters.title")}
      </h3>
      <div className="space-y-1.5">
        <label htmlFor="filter-type" className="block text-sm font-medium text-slate-800">
          {t("filters.type")}
        </label>
        <select id="filter-type" name="type" defaultValue={filters.type ?? ""} className={selectClass}>
          <option value="">{t("filters.allTypes")}</option>
          {WEBHOOK_LOG_TYPES.map((type) => {
            const key = typeLabelKey(type);
            return (
              <option key={type} value={type}>
                {key ? `${t(`types.${key}`)} (${type})` : type}
              </option>
            );
          })}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="filter-state" className="block text-sm font-medium text-slate-800">
          {t("filters.state")}
        </label>
        <select id="filter-state" name="state" defaultValue={filters.state ?? ""} className={selectClass}>
          <option value="">{t("filters.allStates")}</option>
          {WEBHOOK_LOG_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary">
          {t("filters.apply")}
        </Button>
        {active ? (
          <Link href="/admin/webhooks" className="px-2 py-2 text-sm text-brand-700 underline underline-offset-4">
            {t("filters.reset")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
