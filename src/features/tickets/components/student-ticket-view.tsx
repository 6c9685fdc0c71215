import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { LiveNewReplyNotice, LiveTicket } from "@/features/live/components";
import { Link } from "@/i18n/navigation";
import type { TStudentTicketDetails } from "../dto";
import { CloseTicketButton } from "./close-ticket-button";
import { CreatedNotice } from "./created-notice";
import { ReplyForm } from "./reply-form";
import { AssignmentBadge, CategoryBadge, StatusBadge } from "./status-badge";
import { attachmentsByMessage, ThreadMessage } from "./thread-message";
import { TicketContext } from "./ticket-context";
import { TicketRatingForm } from "./ticket-rating-form";

/** A student's request: where it stands, what it is about, the conversation, and what they can do next. */
export async function StudentTicketView({
  ticket,
  categoryLabel,
  justCreated,
}: {
  ticket: TStudentTicketDetails;
  categoryLabel: string;
  justCreated: boolean;
}) {
  const t = await getTranslations("tickets.studentTicket");
  const tTicket = await getTranslations("ticket");
  const tThread = await getTranslations("tickets.thread");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const files = attachmentsByMessage(ticket.attachments);

  return (
    <LiveTicket ticketId={ticket.id} audience="student">
      <div className="space-y-6">
        <div className="space-y-1">
          <Link href="/etudiant" className="text-sm text-brand-700 underline underline-offset-4">
            {t("back")}
          </Link>
          <h1 className="text-2xl font-semibold break-words">{ticket.subject}</h1>
        </div>

        {justCreated ? <CreatedNotice text={t("created", { number: ticket.number })} /> : null}
        {ticket.mergedInto ? (
          <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm" data-testid="merged-into">
            {t("mergedInto", { number: ticket.mergedInto.number })}{" "}
            <Link
              href={`/etudiant/demandes/${ticket.mergedInto.id}`}
              className="font-medium text-brand-700 underline underline-offset-4"
            >
              {t("openMerged", { number: ticket.mergedInto.number })}
            </Link>
          </p>
        ) : null}
        <LiveNewReplyNotice />

        <Card aria-labelledby="ticket-summary-title">
          <CardContent className="space-y-3">
            <h2 id="ticket-summary-title" className="sr-only">
              {t("summary")}
            </h2>
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="text-sm font-medium text-slate-700 tabular-nums" data-testid="ticket-number">
                {tTicket("number", { number: ticket.number })}
              </span>
              <StatusBadge status={ticket.status} />
              <CategoryBadge label={categoryLabel} />
              <AssignmentBadge isAssigned={ticket.isAssigned} />
            </div>
            <p
              id="ticket-state"
              tabIndex={-1}
              className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800"
              data-testid="ticket-state"
            >
              {t(`state.${ticket.status}`)}
            </p>
            {ticket.autoCloseAt ? (
              <p className="text-sm text-slate-700" data-testid="auto-close-notice">
                {t("autoClose", { date: format.dateTime(ticket.autoCloseAt, { dateStyle: "long" }) })}
              </p>
            ) : null}
            <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-600">{t("createdAt")}</dt>
                <dd>{when(ticket.createdAt)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("updatedAt")}</dt>
                <dd>{when(ticket.updatedAt)}</dd>
              </div>
              {ticket.resolvedAt ? (
                <div>
                  <dt className="text-slate-600">{t("resolvedAt")}</dt>
                  <dd>{when(ticket.resolvedAt)}</dd>
                </div>
              ) : null}
            </dl>
            {ticket.canClose ? (
              <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-3">
                <CloseTicketButton ticketId={ticket.id} focusTargetId="ticket-state" />
                <p className="text-xs text-slate-600">{t("closeHint")}</p>
              </div>
            ) : null}
          </CardContent>
        </Card>

        {ticket.rating.canRate || ticket.rating.current ? (
          <Card>
            <CardContent>
              <TicketRatingForm ticketId={ticket.id} current={ticket.rating.current} canRate={ticket.rating.canRate} />
            </CardContent>
          </Card>
        ) : null}

        <TicketContext appointment={ticket.appointment} order={ticket.order} />

        <section aria-labelledby="thread-title" className="space-y-3">
          <h2 id="thread-title" className="text-base font-semibold">
            {tThread("title")}
          </h2>
          <ol className="space-y-3" data-testid="thread">
            <ThreadMessage
              id="request"
              author={tThread("you")}
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
                author={message.sender === "you" ? tThread("you") : tThread("support")}
                tone={message.sender === "you" ? "student" : "support"}
                createdAt={message.createdAt}
                body={message.message}
                kind={message.fromNumber ? t("fromNumber", { number: message.fromNumber }) : undefined}
                attachments={files.get(message.id) ?? []}
              />
            ))}
          </ol>
        </section>

        <Card>
          <CardContent>
            {ticket.canReply ? (
              <ReplyForm ticketId={ticket.id} reopensOnReply={ticket.status === "resolved"} />
            ) : (
              <div className="space-y-2" data-testid="reply-closed">
                <h2 className="text-base font-semibold">{t("closedTitle")}</h2>
                <p className="text-sm text-slate-700">{t("closedBody")}</p>
                <Link href="/etudiant/demandes/nouvelle" className="text-sm font-medium text-brand-700 underline">
                  {t("newRequest")}
                </Link>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </LiveTicket>
  );
}
