import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { localizedCategoryLabel } from "@/features/tickets/category-label";
import { StudentTicketView } from "@/features/tickets/components/student-ticket-view";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { ClientMessages } from "@/i18n/client-messages";
import { requirePageUser } from "@/server/auth/page-guard";
import { AppError } from "@/server/errors";

type TParams = Promise<{ locale: string; ticketId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.studentTicket" });
  return { title: t("title") };
}

export default async function StudentTicketPage({
  params,
  searchParams,
}: {
  params: TParams;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale, ticketId } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["student"]);
  const ticket = await getStudentTicketDetails(user, ticketId).catch((error: unknown) => {
    // Someone else's request, or a malformed id, is a missing page: never say which.
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  const justCreated = (await searchParams).created === "1";

  return (
    <ClientMessages scope="studentTicket">
      <div className="mx-auto max-w-3xl px-4 py-6">
        <StudentTicketView
          ticket={ticket}
          categoryLabel={localizedCategoryLabel(ticket.categoryLabel, locale)}
          justCreated={justCreated}
        />
      </div>
    </ClientMessages>
  );
}
