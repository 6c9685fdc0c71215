import { getTranslations, setRequestLocale } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { CategorySubscriptionsForm, PreferencesForm } from "@/features/notifications/components";
import {
  getCategorySubscriptions,
  getNotificationPreferences,
} from "@/features/notifications/service/notification-preferences";
import { AvailabilityForm } from "@/features/tickets/components";
import { getMyAvailability } from "@/features/tickets/service/set-my-availability";
import { ClientMessages } from "@/i18n/client-messages";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("email", "preferences.title");

export default async function PreferencesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin", "student", "tutor"]);
  const [preferences, categories, availability] = await Promise.all([
    getNotificationPreferences(user),
    user.role === "admin" ? getCategorySubscriptions(user, locale) : Promise.resolve(null),
    user.role === "admin" ? getMyAvailability(user) : Promise.resolve(null),
  ]);
  const t = await getTranslations("email");
  return (
    <ClientMessages scope="email">
      <div className="mx-auto max-w-2xl space-y-6 px-4 py-6">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{t("preferences.title")}</h1>
          <p className="text-slate-600">{t("preferences.intro", { email: user.email })}</p>
        </div>
        <Card>
          <CardContent className="py-6">
            <PreferencesForm preferences={preferences} />
          </CardContent>
        </Card>
        {categories ? (
          <Card>
            <CardContent className="py-6">
              <CategorySubscriptionsForm choices={categories} />
            </CardContent>
          </Card>
        ) : null}
        {availability ? (
          <Card>
            <CardContent className="py-6">
              <AvailabilityForm availability={availability} />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </ClientMessages>
  );
}
