import { useTranslations } from "next-intl";
import { FILTER_FIELD_CLASS, FilterActions, FilterSelect } from "@/components/forms/filter-select";
import { EMAIL_STATES, EMAIL_TYPES } from "@/lib/notification-values";
import type { TEmailLogFilters } from "../schemas";

/**
 * The Courriels log's filters: a plain GET form (works without JavaScript; the URL keeps the
 * filters, so a filtered view can be shared and reloaded).
 */
export function EmailLogFilters({ filters, action }: { filters: TEmailLogFilters; action: string }) {
  const t = useTranslations("email");
  return (
    <form
      method="get"
      action={action}
      className="grid gap-3 sm:grid-cols-[1fr_1fr_minmax(0,16rem)_auto] sm:items-end"
      aria-label={t("filters.label")}
    >
      <FilterSelect
        id="email-filter-state"
        name="state"
        label={t("filters.state")}
        allLabel={t("filters.all")}
        value={filters.state}
        options={EMAIL_STATES.map((state) => ({ value: state, label: t(`states.${state}`) }))}
      />
      <FilterSelect
        id="email-filter-type"
        name="type"
        label={t("filters.type")}
        allLabel={t("filters.all")}
        value={filters.type}
        options={EMAIL_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))}
      />
      <div className="space-y-1.5">
        <label htmlFor="email-filter-recipient" className="block text-sm font-medium text-slate-800">
          {t("filters.recipient")}
        </label>
        <input
          id="email-filter-recipient"
          type="email"
          name="recipient"
          defaultValue={filters.recipient ?? ""}
          placeholder={t("filters.recipientPlaceholder")}
          className={FILTER_FIELD_CLASS}
        />
      </div>
      <FilterActions
        applyLabel={t("filters.apply")}
        clear={
          <a href={action} className="px-2 py-2 text-sm text-brand-700 underline underline-offset-4">
            {t("filters.clear")}
          </a>
        }
      />
    </form>
  );
}
