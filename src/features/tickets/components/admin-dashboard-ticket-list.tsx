import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Link } from "@/i18n/navigation";
import { localizedCategoryLabel } from "../category-label";
import type { TAdminTicketListItem } from "../dto";
import { PriorityBadge, StatusBadge } from "./status-badge";

type THref = string | { pathname: "/admin/demandes"; query: Record<string, string> };

/** A short list of tickets on the dashboard (assigned to me, waiting for an answer, newest), each row one link to the ticket. */
export async function AdminDashboardTicketList({
  title,
  tickets,
  emptyText,
  seeAllHref,
  testId,
}: {
  title: string;
  tickets: TAdminTicketListItem[];
  emptyText: string;
  seeAllHref: THref;
  testId: string;
}) {
  const locale = await getLocale();
  const t = await getTranslations("admin");
  const tTicket = await getTranslations("ticket");
  const format = await getFormatter();
  const headingId = `${testId}-title`;
  return (
    <Card aria-labelledby={headingId} data-testid={testId}>
      <CardHeader className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle id={headingId}>{title}</CardTitle>
        <Link
          href={seeAllHref}
          aria-describedby={headingId}
          className="text-sm text-brand-700 underline underline-offset-4"
        >
          {t("seeAll")}
        </Link>
      </CardHeader>
      <CardContent className="p-0 sm:p-0">
        {tickets.length === 0 ? (
          <p className="px-4 py-6 text-slate-600 sm:px-6">{emptyText}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {tickets.map((ticket) => (
              <li
                key={ticket.id}
                className="relative flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:-outline-offset-2 has-[a:focus-visible]:outline-brand-600 sm:px-6"
                data-testid="admin-ticket"
              >
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-xs text-slate-600">{tTicket("number", { number: ticket.number })}</span>
                  <StatusBadge status={ticket.status} />
                  <PriorityBadge priority={ticket.priority} />
                  <Badge tone="violet">{localizedCategoryLabel(ticket.categoryLabel, locale)}</Badge>
                </div>
                <h3 className="font-medium break-words">
                  <Link
                    href={`/admin/demandes/${ticket.id}`}
                    className="text-slate-900 after:absolute after:inset-0 hover:text-brand-700 focus-visible:outline-none"
                  >
                    {ticket.subject}
                  </Link>
                </h3>
                <p className="text-xs text-slate-600">
                  {t("from", { name: ticket.student.name })} ·{" "}
                  {format.dateTime(ticket.createdAt, { dateStyle: "medium", timeStyle: "short" })} ·{" "}
                  {ticket.assignee?.name ?? t("unassigned")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
