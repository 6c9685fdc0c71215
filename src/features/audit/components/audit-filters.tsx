import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { FilterActions, FilterSelect } from "@/components/forms/filter-select";
import { getPathname, Link } from "@/i18n/navigation";
import { AUDIT_EVENT_TYPES, type TAuditEventType } from "@/lib/audit-values";

/** The type filter as a GET form: it lives in the URL, survives a reload and can be shared. */
export async function AuditFilters({ type, locale }: { type?: TAuditEventType; locale: string }) {
  const t = await getTranslations("audit");
  const path = getPathname({ href: "/admin/securite", locale });
  return (
    <Form key={type ?? ""} action={path} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
      <FilterSelect
        id="audit-type"
        name="type"
        label={t("filters.type")}
        allLabel={t("filters.allTypes")}
        value={type}
        options={AUDIT_EVENT_TYPES.map((value) => ({ value, label: t(`types.${value}`) }))}
      />
      <FilterActions
        applyLabel={t("filters.apply")}
        clear={
          type ? (
            <Link href="/admin/securite" className="px-2 py-2 text-sm text-brand-700 underline">
              {t("filters.clear")}
            </Link>
          ) : null
        }
      />
    </Form>
  );
}
