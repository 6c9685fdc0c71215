import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AppHeader } from "@/components/layout/app-header";
import { categoryLabel } from "@/features/tickets/category-label";
import { AdminTicketView } from "@/features/tickets/components/admin-ticket-view";
import { getAdminTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { getAdminsForAssignment, listCategories } from "@/features/tickets/service/get-ticket-form-options";
import { requirePageUser } from "@/server/auth/page-guard";
import { AppError } from "@/server/errors";

type TParams = Promise<{ locale: string; ticketId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.adminTicket" });
  return { title: t("title") };
}

export default async function AdminTicketPage({ params }: { params: TParams }) {
  const { locale, ticketId } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const [ticket, categories, admins] = await Promise.all([
    getAdminTicketDetails(user, ticketId).catch((error: unknown) => {
      // A malformed or unknown id is a missing page, not an error page.
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
      throw error;
    }),
    listCategories(user),
    getAdminsForAssignment(user),
  ]);

  return (
    <>
      <AppHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        <AdminTicketView
          ticket={ticket}
          categoryLabel={categoryLabel(categories, ticket.category, locale)}
          admins={admins}
          currentUserId={user.id}
        />
      </main>
    </>
  );
}
