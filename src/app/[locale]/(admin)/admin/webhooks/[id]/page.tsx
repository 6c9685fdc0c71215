import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DeliveryDetails } from "@/features/webhooks/components/delivery-details";
import { getWebhookDelivery } from "@/features/webhooks/service/get-webhook-delivery";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { requirePageUser } from "@/server/auth/page-guard";
import { AppError } from "@/server/errors";

type TParams = Promise<{ locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "webhooks.details" });
  return { title: t("title") };
}

export default async function WebhookDeliveryPage({ params }: { params: TParams }) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const delivery = await getWebhookDelivery(user, id).catch((error: unknown) => {
    // A malformed or unknown id is a missing page, not an error page.
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const t = await getTranslations("webhooks");

  return (
    <ClientMessages scope="webhookDelivery">
      <div className="mx-auto max-w-4xl space-y-6 px-4 py-6">
        <div className="space-y-1">
          <Link href="/admin/webhooks" className="text-sm text-brand-700 underline underline-offset-4">
            {t("details.backToLog")}
          </Link>
          <h1 className="text-2xl font-semibold">{t("details.title")}</h1>
        </div>
        <DeliveryDetails delivery={delivery} />
      </div>
    </ClientMessages>
  );
}
