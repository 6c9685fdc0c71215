import { Plus } from "lucide-react";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { StudentStatusTabs } from "@/features/tickets/components/student-status-tabs";
import { StudentTicketList } from "@/features/tickets/components/student-ticket-list";
import { studentStatusFilterOf } from "@/features/tickets/list-params";
import { getStudentTickets } from "@/features/tickets/service/get-student-tickets";
import { ClientMessages } from "@/i18n/client-messages";
import { Link } from "@/i18n/navigation";
import { titleFromMessages } from "@/i18n/page-title";
import { requirePageUser } from "@/server/auth/page-guard";

export const generateMetadata = titleFromMessages("student");

export default async function StudentHomePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await requirePageUser(locale, ["student"]);
  const status = studentStatusFilterOf(await searchParams);
  const page = await getStudentTickets(user, { status });
  const t = await getTranslations("student");
  const tList = await getTranslations("tickets.studentList");
  const tStatus = await getTranslations("status");

  return (
    <ClientMessages scope="studentTickets">
      <div className="mx-auto max-w-4xl space-y-5 px-4 py-6">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold">{t("title")}</h1>
            <p className="text-slate-600">{t("intro", { name: user.firstName })}</p>
          </div>
          <Button asChild>
            <Link href="/etudiant/demandes/nouvelle">
              <Plus aria-hidden="true" className="size-4" />
              {tList("newTicket")}
            </Link>
          </Button>
        </div>
        <StudentStatusTabs counts={page.counts} current={status} />
        <Card aria-labelledby="student-tickets-title">
          <CardHeader>
            <CardTitle id="student-tickets-title">
              {status ? tList("titleFiltered", { status: tStatus(status) }) : tList("title")}
            </CardTitle>
          </CardHeader>
          <CardContent className="p-0 sm:p-0">
            {/* A new filter is a new list: remount so no page of the previous one lingers. */}
            <StudentTicketList
              key={status ?? "all"}
              initialItems={page.items}
              initialCursor={page.nextCursor}
              status={status}
            />
          </CardContent>
        </Card>
      </div>
    </ClientMessages>
  );
}
