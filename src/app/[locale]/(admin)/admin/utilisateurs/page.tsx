import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeading } from "@/components/layout/page-heading";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { listUsers, userListFiltersOf } from "@/features/users";
import { InviteUserForm, UserList, UserSearch } from "@/features/users/components";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";
import { env } from "@/server/env";

export const generateMetadata = titleFromMessages("users");

export default async function UsersPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const t = await getTranslations("users");
  if (env().HOST_MODE) {
    // The host app's accounts: invited, deactivated and given their role there, not here.
    return (
      <div className="mx-auto max-w-5xl space-y-6 px-4 py-6">
        <PageHeading title={t("title")} intro={t("hostManaged")} />
      </div>
    );
  }
  const { q } = userListFiltersOf(await searchParams);
  const firstPage = await listUsers(user, { q });
  return (
    <ClientMessages scope="users">
      <div className="mx-auto max-w-5xl space-y-6 px-4 py-6">
        <PageHeading title={t("title")} intro={t("intro")} />
        <Card>
          <CardContent className="py-5">
            <InviteUserForm />
          </CardContent>
        </Card>
        <Card aria-labelledby="user-list-title">
          <CardHeader>
            <CardTitle id="user-list-title">{t("listTitle")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <UserSearch q={q} locale={locale} />
            {/* A new search is a new list: remount so no page of the previous one lingers. */}
            <UserList key={q ?? ""} initialPage={firstPage} q={q} selfId={user.id} />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
