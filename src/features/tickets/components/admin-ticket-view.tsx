import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { LivePresenceStrip, LiveReplyGuard, LiveTicket } from "@/features/live/components";
import { SlaBadge, SlaClocks } from "@/features/sla/components";
import { Link } from "@/i18n/navigation";
import type { TAdminTicketDetails, TStaffMember, TTag } from "../dto";
import { AdminTicketControls } from "./admin-ticket-controls";
import { MergeTicketForm } from "./merge-ticket-form";
import { ReplyForm } from "./reply-form";
import { CategoryBadge, PriorityBadge, StatusBadge } from "./status-badge";
import { StudentCardPanel } from "./student-card";
import { attachmentsByMessage, ThreadMessage } from "./thread-message";
import { TicketContext } from "./ticket-context";
import { TicketHistory } from "./ticket-history";
import { TicketRatings } from "./ticket-ratings";
import { TicketTagsEditor } from "./ticket-tags-editor";

/**
 * Everything about one ticket for the team: the conversation with internal notes, the
 * controls (status, priority, assignee), who the student is, what it is linked to, and its history.
 * On phones the conversation (and the reply box) comes first, then the controls; on wide screens
 * the controls sit at the top of the side column.
 */
export async function AdminTicketView({
  ticket,
  categoryLabel,
  admins,
  currentUserId,
  allTags = [],
}: {
  ticket: TAdminTicketDetails;
  categoryLabel: string;
  admins: TStaffMember[];
  currentUserId: string;
  allTags?: TTag[];
}) {
  const tMerge = await getTranslations("tickets.mergeForm");
  const tTags = await getTranslations("tickets.tags");
  const t = await getTranslations("tickets.adminTicket");
  const tTicket = await getTranslations("ticket");
  const tThread = await getTranslations("tickets.thread");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const files = attachmentsByMessage(ticket.attachments);
  const names: Record<string, string> = {
    [ticket.student.id]: ticket.student.name,
    ...Object.fromEntries(admins.map((a) => [a.id, `${a.firstName} ${a.lastName}`.trim()])),
  };
  for (const event of ticket.history) if (event.actorId && event.actorName) names[event.actorId] ??= event.actorName;

  return (
    <LiveTicket ticketId={ticket.id} currentUserId={currentUserId} audience="admin">
      <div className="space-y-5">
        <div className="space-y-1">
          <Link href="/admin/demandes" className="text-sm text-brand-700 underline underline-offset-4">
            {t("back")}
          </Link>
          <h1 className="text-2xl font-semibold break-words">{ticket.subject}</h1>
          <div className="flex flex-wrap items-center gap-1.5 pt-1">
            <span className="text-sm font-medium text-slate-700 tabular-nums" data-testid="ticket-number">
              {tTicket("number", { number: ticket.number })}
            </span>
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            {ticket.sla ? <SlaBadge sla={ticket.sla.summary} /> : null}
            <CategoryBadge label={categoryLabel} />
            <span className="text-sm text-slate-700" data-testid="ticket-assignee">
              {ticket.assignee ? t("assignedTo", { name: ticket.assignee.name }) : t("unassigned")}
            </span>
          </div>
          <dl className="flex flex-wrap gap-x-5 gap-y-1 pt-1 text-sm text-slate-700">
            <div className="flex gap-1">
              <dt className="text-slate-600">{t("createdAt")}</dt>
              <dd>{when(ticket.createdAt)}</dd>
            </div>
            <div className="flex gap-1">
              <dt className="text-slate-600">{t("updatedAt")}</dt>
              <dd>{when(ticket.updatedAt)}</dd>
            </div>
            {ticket.resolvedAt ? (
              <div className="flex gap-1">
                <dt className="text-slate-600">{t("resolvedAt")}</dt>
                <dd>{when(ticket.resolvedAt)}</dd>
              </div>
            ) : null}
          </dl>
          {ticket.sla ? <SlaClocks sla={ticket.sla} /> : null}
          {ticket.mergedInto ? (
            <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="merged-into">
              {tMerge("mergedInto", { number: ticket.mergedInto.number })}{" "}
              <Link
                href={`/admin/demandes/${ticket.mergedInto.id}`}
                className="text-brand-700 underline underline-offset-4"
              >
                {tMerge("openTarget", { number: ticket.mergedInto.number })}
              </Link>
            </p>
          ) : null}
          {ticket.mergedFrom.length > 0 ? (
            <div className="text-sm text-slate-700" data-testid="merged-from">
              {tMerge("mergedFrom")}{" "}
              {ticket.mergedFrom.map((source, i) => (
                <span key={source.id}>
                  {i > 0 ? ", " : null}
                  <Link href={`/admin/demandes/${source.id}`} className="text-brand-700 underline underline-offset-4">
                    {`n° ${source.number}`}
                  </Link>
                </span>
              ))}
            </div>
          ) : null}
          <LivePresenceStrip />
        </div>

        {/* The linked appointment and order across the page's width: readable on any screen. */}
        {ticket.appointment || ticket.order ? (
          <Card data-testid="ticket-context-card">
            <CardContent>
              <TicketContext appointment={ticket.appointment} order={ticket.order} />
            </CardContent>
          </Card>
        ) : null}

        <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr]">
          <div className="min-w-0 space-y-5 lg:col-start-1 lg:row-span-2 lg:row-start-1">
            <section aria-labelledby="thread-title" className="space-y-3">
              <h2 id="thread-title" className="text-base font-semibold">
                {tThread("title")}
              </h2>
              <ol className="space-y-3" data-testid="thread">
                <ThreadMessage
                  id="request"
                  author={t("studentAuthor", { name: ticket.student.name })}
                  tone="student"
                  kind={tThread("initialRequest")}
                  createdAt={ticket.createdAt}
                  body={ticket.description}
                  attachments={files.get("") ?? []}
                />
                {ticket.messages.map((message) => (
                  <ThreadMessage
                    key={message.id}
                    id={message.id}
                    author={
                      message.author.role === "student"
                        ? t("studentAuthor", { name: message.author.name })
                        : message.author.name || tThread("support")
                    }
                    tone={message.isInternal ? "internal" : message.author.role === "student" ? "student" : "support"}
                    createdAt={message.createdAt}
                    body={message.message}
                    kind={message.fromNumber ? tMerge("fromNumber", { number: message.fromNumber }) : undefined}
                    attachments={files.get(message.id) ?? []}
                  />
                ))}
              </ol>
            </section>
            <Card>
              <CardContent>
                <LiveReplyGuard>
                  <ReplyForm
                    ticketId={ticket.id}
                    allowInternal
                    internalOnly={ticket.status === "closed"}
                    withCannedReplies
                    seenUpTo={ticket.messages.at(-1)?.id ?? "none"}
                  />
                </LiveReplyGuard>
              </CardContent>
            </Card>
          </div>

          <Card aria-labelledby="controls-title" className="lg:col-start-2 lg:row-start-1">
            <CardHeader>
              <CardTitle id="controls-title">{t("controlsTitle")}</CardTitle>
            </CardHeader>
            <CardContent>
              <AdminTicketControls
                ticket={{
                  id: ticket.id,
                  version: ticket.version,
                  status: ticket.status,
                  priority: ticket.priority,
                  assigneeId: ticket.assignee?.id ?? null,
                }}
                admins={admins}
                currentUserId={currentUserId}
              />
            </CardContent>
          </Card>

          <div className="min-w-0 space-y-5 lg:col-start-2 lg:row-start-2">
            <Card aria-labelledby="tags-title">
              <CardHeader>
                <CardTitle id="tags-title">{tTags("title")}</CardTitle>
              </CardHeader>
              <CardContent>
                <TicketTagsEditor ticketId={ticket.id} tags={ticket.tags} allTags={allTags} />
              </CardContent>
            </Card>
            <Card aria-labelledby="student-title">
              <CardHeader>
                <CardTitle id="student-title">{t("studentTitle")}</CardTitle>
              </CardHeader>
              <CardContent>
                <StudentCardPanel student={ticket.student} />
              </CardContent>
            </Card>
            {ticket.appointment || ticket.order ? (
              <Card>
                <CardContent>
                  <TicketContext appointment={ticket.appointment} order={ticket.order} />
                </CardContent>
              </Card>
            ) : null}
            <Card aria-labelledby="rating-title">
              <CardHeader>
                <CardTitle id="rating-title">{t("ratingTitle")}</CardTitle>
              </CardHeader>
              <CardContent>
                <TicketRatings ratings={ticket.ratings} />
              </CardContent>
            </Card>
            {ticket.mergeCandidates.length > 0 ? (
              <Card aria-labelledby="merge-title">
                <CardHeader>
                  <CardTitle id="merge-title">{tMerge("title")}</CardTitle>
                </CardHeader>
                <CardContent>
                  <MergeTicketForm ticketId={ticket.id} version={ticket.version} candidates={ticket.mergeCandidates} />
                </CardContent>
              </Card>
            ) : null}
            <Card aria-labelledby="history-title">
              <CardHeader>
                <CardTitle id="history-title">{t("historyTitle")}</CardTitle>
              </CardHeader>
              <CardContent>
                <TicketHistory history={ticket.history} names={names} />
              </CardContent>
            </Card>
          </div>
        </div>
      </div>
    </LiveTicket>
  );
}
