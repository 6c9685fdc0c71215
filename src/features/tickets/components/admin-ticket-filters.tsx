import Form from "next/form";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { getPathname, Link } from "@/i18n/navigation";
import { SLA_LIST_FILTERS } from "@/lib/sla-values";
import { PRIORITIES, STATUSES } from "../constants";
import type { TCategory, TStaffMember, TTag } from "../dto";
import type { TAdminListFilters } from "../list-params";
import { ADMIN_SORTS } from "../schemas";

const labelClass = "block text-sm font-medium text-slate-800";

/**
 * The list's filters and sort as a GET form: they live in the address, so a filtered list
 * can be reloaded, bookmarked or shared (the dashboard links to some); next/form navigates
 * client-side when JavaScript is there.
 */
export async function AdminTicketFilters({
  filters,
  categories,
  admins,
  currentUserId,
  locale,
  tags = [],
  studentFilter,
}: {
  filters: TAdminListFilters;
  categories: TCategory[];
  admins: TStaffMember[];
  tags?: TTag[];
  currentUserId: string;
  locale: string;
  /** The "Élève" type-ahead (a field named `student`), from the users feature: filled by the page. */
  studentFilter?: ReactNode;
}) {
  const t = await getTranslations("tickets.adminList.filters");
  const tStatus = await getTranslations("status");
  const tPriority = await getTranslations("priority");
  const tValidation = await getTranslations("validation");
  const { params, errors } = filters;
  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`filter-${field}-error`} className="text-sm text-red-700">
        {tValidation(errors[field] as "invalidDate")}
      </p>
    ) : null;
  const invalid = (field: keyof typeof errors) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `filter-${field}-error` } : {};
  // Me first, then the other admins.
  const sortedAdmins = [...admins].sort((a, b) => Number(b.id === currentUserId) - Number(a.id === currentUserId));

  return (
    <Form
      // Remount when the address changes (e.g. "Réinitialiser") so the fields show the new values.
      key={JSON.stringify(params)}
      action={getPathname({ href: "/admin/demandes", locale })}
      className="grid grid-cols-2 gap-3 lg:grid-cols-4"
      aria-labelledby="ticket-filters-title"
      data-testid="ticket-filters"
    >
      <h2 id="ticket-filters-title" className="sr-only">
        {t("title")}
      </h2>
      <div className="col-span-2 space-y-1.5">
        <label htmlFor="filter-q" className={labelClass}>
          {t("search")}
        </label>
        <Input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={params.q}
          placeholder={t("searchPlaceholder")}
          aria-describedby="filter-q-hint"
          maxLength={200}
        />
        <p id="filter-q-hint" className="text-xs text-slate-600">
          {t("searchHint")}
        </p>
      </div>
      {studentFilter ? <div className="col-span-2 min-w-0">{studentFilter}</div> : null}
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-status" className={labelClass}>
          {t("status")}
        </label>
        <Select id="filter-status" name="status" defaultValue={params.status}>
          <option value="">{t("allStatuses")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {tStatus(status)}
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-priority" className={labelClass}>
          {t("priority")}
        </label>
        <Select id="filter-priority" name="priority" defaultValue={params.priority}>
          <option value="">{t("allPriorities")}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {tPriority(priority)}
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-category" className={labelClass}>
          {t("category")}
        </label>
        <Select id="filter-category" name="category" defaultValue={params.category}>
          <option value="">{t("allCategories")}</option>
          {categories.map((category) => {
            const label = locale === "en" ? category.labelEn : category.labelFr;
            return (
              <option key={category.slug} value={category.slug}>
                {category.isActive ? label : t("inactiveCategory", { label })}
              </option>
            );
          })}
        </Select>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-assignee" className={labelClass}>
          {t("assignee")}
        </label>
        <Select id="filter-assignee" name="assignee" defaultValue={params.assignee}>
          <option value="">{t("allAssignees")}</option>
          <option value="unassigned">{t("unassigned")}</option>
          {sortedAdmins.map((admin) => {
            const name = `${admin.firstName} ${admin.lastName}`.trim();
            return (
              <option key={admin.id} value={admin.id}>
                {admin.id === currentUserId ? t("me", { name }) : name}
              </option>
            );
          })}
        </Select>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-from" className={labelClass}>
          {t("from")}
        </label>
        <Input id="filter-from" name="from" type="date" defaultValue={params.from} {...invalid("from")} />
        {error("from")}
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-to" className={labelClass}>
          {t("to")}
        </label>
        <Input id="filter-to" name="to" type="date" defaultValue={params.to} {...invalid("to")} />
        {error("to")}
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor="filter-sla" className={labelClass}>
          {t("sla")}
        </label>
        <Select id="filter-sla" name="sla" defaultValue={params.sla}>
          <option value="">{t("allSla")}</option>
          {SLA_LIST_FILTERS.map((value) => (
            <option key={value} value={value}>
              {t(`slaFilters.${value}`)}
            </option>
          ))}
        </Select>
      </div>
      {tags.length > 0 ? (
        <fieldset className="col-span-2 min-w-0 space-y-1.5 lg:col-span-4" data-testid="tag-filter">
          <legend className={labelClass}>{t("tags")}</legend>
          <div className="flex max-h-32 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
            {tags.map((tag) => (
              <label key={tag.id} className="inline-flex min-h-8 items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="tag"
                  value={tag.id}
                  defaultChecked={params.tags.includes(tag.id)}
                  className="size-4 accent-brand-600"
                />
                {tag.name}
              </label>
            ))}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="filter-tag-mode" className="text-sm text-slate-800">
              {t("tagMode")}
            </label>
            <Select id="filter-tag-mode" name="tagMode" defaultValue={params.tagMode} className="w-auto">
              <option value="">{t("tagModeAny")}</option>
              <option value="all">{t("tagModeAll")}</option>
            </Select>
          </div>
        </fieldset>
      ) : null}
      <div className="col-span-2 min-w-0 space-y-1.5">
        <label htmlFor="filter-sort" className={labelClass}>
          {t("sort")}
        </label>
        <Select id="filter-sort" name="sort" defaultValue={params.sort}>
          {ADMIN_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`sorts.${sort}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="col-span-2 flex flex-wrap items-end gap-2">
        <Button type="submit">{t("apply")}</Button>
        {filters.activeCount > 0 || params.sort !== "created_desc" ? (
          <Link href="/admin/demandes" className="px-2 py-2 text-sm text-brand-700 underline underline-offset-4">
            {t("reset")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
