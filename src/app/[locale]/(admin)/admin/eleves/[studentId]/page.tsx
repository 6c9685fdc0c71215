import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { AdminTicketList } from "@/features/tickets/components/admin-ticket-list";
import { StudentCardPanel } from "@/features/tickets/components/student-card";
import type { TAdminTicketsQuery } from "@/features/tickets/schemas";
import { getAllSupportTickets } from "@/features/tickets/service/get-all-support-tickets";
import { getStudentProfile } from "@/features/tickets/service/get-student-profile";
import { getAdminsForAssignment } from "@/features/tickets/service/get-ticket-form-options";
import { listTags } from "@/features/tickets/service/manage-tags";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { requirePageUser } from "@/server/auth/page-guard";
import { AppError } from "@/server/errors";

type TParams = Promise<{ locale: string; studentId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "tickets.requester" });
  return { title: t("title") };
}

/** A student as the admins see them: who they are, their appointments and orders, and all their tickets. */
export default async function AdminStudentPage({ params }: { params: TParams }) {
  const { locale, studentId } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["admin"]);
  const student = await getStudentProfile(user, studentId).catch((error: unknown) => {
    // A malformed or unknown id (or not a student's) is a missing page, not an error page.
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  });
  // Newest first, as the list; the (user_id, …) indexes find the student's rows (docs/benchmarks.md).
  const query: Omit<TAdminTicketsQuery, "cursor"> = { student: student.id, sort: "created_desc" };
  const [page, admins, tags] = await Promise.all([
    getAllSupportTickets(user, query),
    getAdminsForAssignment(user),
    listTags(user),
  ]);
  const t = await getTranslations("tickets.requester");

  return (
    <ClientMessages scope="adminTickets">
      <div className="mx-auto max-w-6xl space-y-5 px-4 py-6">
        <div className="space-y-1">
          <Link href="/admin/demandes" className="text-sm text-brand-700 underline underline-offset-4">
            {t("back")}
          </Link>
          <h1 className="text-2xl font-semibold break-words">{t("heading", { name: student.name })}</h1>
        </div>
        <Card aria-labelledby="student-profile-title">
          <CardHeader>
            <CardTitle id="student-profile-title">{t("profile")}</CardTitle>
          </CardHeader>
          <CardContent>
            <StudentCardPanel student={student} linkName={false} />
          </CardContent>
        </Card>
        <Card aria-labelledby="student-tickets-title">
          <CardHeader className="flex flex-wrap items-baseline justify-between gap-2">
            <CardTitle id="student-tickets-title">{t("tickets")}</CardTitle>
            <Link
              href={{ pathname: "/admin/demandes", query: { student: student.id } }}
              className="text-sm text-brand-700 underline underline-offset-4"
            >
              {t("filterList")}
            </Link>
          </CardHeader>
          <CardContent className="py-3">
            <AdminTicketList
              initialItems={page.items}
              initialCursor={page.nextCursor}
              query={query}
              admins={admins}
              tags={tags}
              currentUserId={user.id}
            />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
