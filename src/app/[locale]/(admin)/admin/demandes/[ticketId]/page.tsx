import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { localizedCategoryLabel } from "@/features/tickets/category-label";
import { AdminTicketView } from "@/features/tickets/components/admin-ticket-view";
import { getAdminTicketDetails } from "@/features/tickets/service/get-ticket-details";
import { getAdminsForAssignment } from "@/features/tickets/service/get-ticket-form-options";
import { listTags } from "@/features/tickets/service/manage-tags";
import { ClientMessages } from "@/i18n/client-messages";
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
  const [ticket, admins, allTags] = await Promise.all([
    getAdminTicketDetails(user, ticketId).catch((error: unknown) => {
      // A malformed or unknown id is a missing page, not an error page.
      if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
      throw error;
    }),
    getAdminsForAssignment(user),
    listTags(user),
  ]);

  return (
    <ClientMessages scope="adminTicket">
      <div className="mx-auto max-w-6xl px-4 py-6">
        <AdminTicketView
          ticket={ticket}
          categoryLabel={localizedCategoryLabel(ticket.categoryLabel, locale)}
          admins={admins}
          currentUserId={user.id}
          allTags={allTags}
        />
      </div>
    </ClientMessages>
  );
}
