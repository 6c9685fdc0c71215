import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { TAnalyticsParams } from "../params";

const labelClass = "block text-sm font-medium text-slate-800";

/** The range and filters as a GET form: a dashboard can be bookmarked and shared. */
export async function AnalyticsFilters({
  filters,
  categories,
  admins,
  action,
}: {
  filters: TAnalyticsParams;
  categories: { slug: string; label: string }[];
  admins: { id: string; name: string }[];
  action: string;
}) {
  const t = await getTranslations("analytics.filters");
  const tValidation = await getTranslations("validation");
  const { params, errors } = filters;
  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`analytics-${field}-error`} className="text-sm text-red-700">
        {tValidation(errors[field] as "invalidDate")}
      </p>
    ) : null;
  return (
    <Form action={action} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" aria-label={t("label")}>
      <div className="space-y-1">
        <label htmlFor="analytics-from" className={labelClass}>
          {t("from")}
        </label>
        <Input
          id="analytics-from"
          name="from"
          type="date"
          defaultValue={params.from}
          aria-invalid={errors.from ? true : undefined}
          aria-describedby={errors.from ? "analytics-from-error" : undefined}
        />
        {error("from")}
      </div>
      <div className="space-y-1">
        <label htmlFor="analytics-to" className={labelClass}>
          {t("to")}
        </label>
        <Input
          id="analytics-to"
          name="to"
          type="date"
          defaultValue={params.to}
          aria-invalid={errors.to ? true : undefined}
          aria-describedby={errors.to ? "analytics-to-error" : undefined}
        />
        {error("to")}
      </div>
      <div className="space-y-1">
        <label htmlFor="analytics-category" className={labelClass}>
          {t("category")}
        </label>
        <Select id="analytics-category" name="category" defaultValue={params.category}>
          <option value="">{t("allCategories")}</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="space-y-1">
        <label htmlFor="analytics-admin" className={labelClass}>
          {t("admin")}
        </label>
        <Select id="analytics-admin" name="admin" defaultValue={params.admin}>
          <option value="">{t("allAdmins")}</option>
          {admins.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
        {error("admin")}
      </div>
      <div className="flex items-end">
        <Button type="submit" className="w-full sm:w-auto">
          {t("apply")}
        </Button>
      </div>
    </Form>
  );
}
