import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { EmailPreview } from "@/features/notifications/components";
import { getEmailDetails } from "@/features/notifications/service/get-email-details";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";
import { AppError } from "@/server/errors";
import { isUuid } from "@/server/text-shapes";

export const generateMetadata = titleFromMessages("email", "preview.title");

export default async function EmailPreviewPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  if (!isUuid(id)) notFound();
  const email = await getEmailDetails(user, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const t = await getTranslations("email");
  return (
    <ClientMessages scope="email">
      <div className="mx-auto max-w-4xl space-y-6 px-4 py-6">
        <div className="space-y-1">
          <Link href="/admin/courriels" className="text-sm text-brand-700 underline underline-offset-4">
            {t("preview.back")}
          </Link>
          <h1 className="text-2xl font-semibold">{t("preview.title")}</h1>
        </div>
        <Card>
          <CardContent className="py-6">
            <EmailPreview email={email} />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
