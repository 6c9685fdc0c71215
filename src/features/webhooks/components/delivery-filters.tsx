import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { FilterActions, FilterSelect } from "@/components/forms/filter-select";
import { getPathname, Link } from "@/i18n/navigation";
import { type TWebhookLogFilters, WEBHOOK_LOG_STATES, WEBHOOK_LOG_TYPES } from "../schemas";
import { typeLabelKey } from "./delivery-labels";

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
      <FilterSelect
        id="filter-type"
        name="type"
        label={t("filters.type")}
        allLabel={t("filters.allTypes")}
        value={filters.type}
        options={WEBHOOK_LOG_TYPES.map((type) => {
          const key = typeLabelKey(type);
          return { value: type, label: key ? `${t(`types.${key}`)} (${type})` : type };
        })}
      />
      <FilterSelect
        id="filter-state"
        name="state"
        label={t("filters.state")}
        allLabel={t("filters.allStates")}
        value={filters.state}
        options={WEBHOOK_LOG_STATES.map((state) => ({ value: state, label: t(`states.${state}`) }))}
      />
      <FilterActions
        applyLabel={t("filters.apply")}
        clear={
          active ? (
            <Link href="/admin/webhooks" className="px-2 py-2 text-sm text-brand-700 underline underline-offset-4">
              {t("filters.reset")}
            </Link>
          ) : null
        }
      />
    </Form>
  );
}
