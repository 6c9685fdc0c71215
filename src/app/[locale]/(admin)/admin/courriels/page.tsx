import { getTranslations, setRequestLocale } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmailLog, EmailLogFilters, EmailSuppressions } from "@/features/notifications/components";
import { ZEmailLogFilters } from "@/features/notifications/schemas";
import { listEmailSuppressions } from "@/features/notifications/service/email-admin";
import { listEmailLog } from "@/features/notifications/service/list-email-log";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";
import { env } from "@/server/env";

export const generateMetadata = titleFromMessages("email", "log.title");

type TSearchParams = Record<string, string | string[] | undefined>;

/** The filters of the URL; an unknown value (a hand-edited URL) is dropped, not an error page. */
function filtersOf(searchParams: TSearchParams) {
  const one = (name: string) => {
    const value = searchParams[name];
    const text = Array.isArray(value) ? value[0] : value;
    return text ? text : undefined;
  };
  const filters: Record<string, string> = {};
  for (const name of ["state", "type", "recipient"] as const) {
    const value = one(name);
    if (value && ZEmailLogFilters.shape[name].safeParse(value).success) filters[name] = value;
  }
  return ZEmailLogFilters.parse(filters);
}

export default async function EmailLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<TSearchParams>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const filters = filtersOf(await searchParams);
  const [firstPage, suppressions] = await Promise.all([listEmailLog(user, filters), listEmailSuppressions(user)]);
  const t = await getTranslations("email");
  const sending = Boolean(env().SMTP_URL);
  const action = `${locale === "en" ? "/en" : ""}/admin/courriels`;
  return (
    <ClientMessages scope="email">
      <div className="mx-auto max-w-6xl space-y-6 px-4 py-6">
        <div className="space-y-1">
          <Link href="/admin" className="text-sm text-brand-700 underline underline-offset-4">
            {t("log.backToDashboard")}
          </Link>
          <h1 className="text-2xl font-semibold">{t("log.title")}</h1>
          <p className="text-slate-600">{sending ? t("log.introSending") : t("log.introKept")}</p>
        </div>
        <Card aria-labelledby="emails-title">
          <CardHeader>
            <CardTitle id="emails-title">{t("log.listTitle")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <EmailLogFilters filters={filters} action={action} />
            <EmailLog key={JSON.stringify(filters)} initialPage={firstPage} filters={filters} />
          </CardContent>
        </Card>
        <Card aria-labelledby="suppressions-title">
          <CardHeader>
            <CardTitle id="suppressions-title">{t("suppressions.title")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            <p className="text-sm text-slate-600">{t("suppressions.intro")}</p>
            <EmailSuppressions suppressions={suppressions} />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
