import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { categoryLabel } from "@/features/tickets/category-label";
import { StudentTicketView } from "@/features/tickets/components/student-ticket-view";
import { getStudentTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { listCategories } from "@/features/tickets/service/get-ticket-form-options";
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
  const [ticket, categories] = await Promise.all([
    getStudentTicketDetails(user, ticketId).catch((error: unknown) => {
      // Someone else's request, or a malformed id, is a missing page: never say which.
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
      throw error;
    }),
    listCategories(user),
  ]);
  const justCreated = (await searchParams).created === "1";

  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-6">
        <StudentTicketView
          ticket={ticket}
          categoryLabel={categoryLabel(categories, ticket.category, locale)}
          justCreated={justCreated}
        />
      </main>
    </>
  );
}
