import Form from "next/form";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getPathname, Link } from "@/i18n/navigation";

/** The search as a GET form: it lives in the URL, survives a reload and can be shared. */
export async function UserSearch({ q, locale }: { q?: string; locale: string }) {
  const t = await getTranslations("users");
  const path = getPathname({ href: "/admin/utilisateurs", locale });
  return (
    <Form key={q ?? ""} action={path} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end" role="search">
      <div className="space-y-1.5">
        <label htmlFor="user-search" className="block text-sm font-medium text-slate-800">
          {t("search")}
        </label>
        <Input id="user-search" name="q" type="search" defaultValue={q ?? ""} maxLength={200} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary">
          {t("searchSubmit")}
        </Button>
        {q ? (
          <Link href="/admin/utilisateurs" className="px-2 py-2 text-sm text-brand-700 underline">
            {t("clearSearch")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
