"use client";

import { MoreHorizontal } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { TNotice } from "@/components/feedback/notice";
import { useAppAction } from "@/components/forms/use-app-action";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Link } from "@/i18n/navigation";
import { assignFromListAction, quickReplyContextAction, replyFromListAction } from "../actions/queue-actions";
import type { TAdminTicketListItem, TQuickReplyContext, TStaffMember } from "../dto";

/**
 * A row's quick actions (issue 17), in a popover from the row's "Actions" button: open the
 * ticket, take it or give it to another admin, reply (or add a note) without leaving the list.
 * Each action answers with the row as the list shows it (`onUpdated` puts it in place); the
 * outcome goes to the list's live region (`onAnnounce`) and the popover closes, focus going
 * back to its button. An error stays in the popover, with what was typed. The reply box shows
 * the thread's newest entry first (what the agent answers) and sends it as `seenUpTo`: if
 * another admin answered since, the server holds the reply (REPLY_CONFLICT), the box shows
 * their answer and offers "Envoyer quand même", as on the ticket page.
 */
export function AdminTicketRowActions({
  ticket,
  admins,
  currentUserId,
  onUpdated,
  onAnnounce,
}: {
  ticket: TAdminTicketListItem;
  admins: TStaffMember[];
  currentUserId?: string;
  onUpdated: (item: TAdminTicketListItem) => void;
  onAnnounce: (notice: TNotice) => void;
}) {
  const t = useTranslations("tickets.adminList.quick");
  const tErrors = useTranslations("tickets.errors");
  const id = useId();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const [isInternal, setIsInternal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [context, setContext] = useState<TQuickReplyContext | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const chosen = assignee ?? ticket.assignee?.id ?? "";
  const number = ticket.number;

  const nameOf = (adminId: string) => {
    const admin = admins.find((a) => a.id === adminId);
    return admin ? `${admin.firstName} ${admin.lastName}`.trim() : (ticket.assignee?.name ?? "");
  };

  const done = (item: TAdminTicketListItem, text: string) => {
    onUpdated(item);
    onAnnounce({ tone: "success", text });
    setError(null);
    setOpen(false);
  };

  const assign = useAppAction(assignFromListAction, {
    networkMessage: tErrors("network"),
    onSuccess: (item) => {
      setAssignee(null);
      done(item, item.assignee ? t("assigned", { number, name: item.assignee.name }) : t("unassignedDone", { number }));
    },
    onError: (failure) => setError(failure.message),
  });

  const loadContext = useAppAction(quickReplyContextAction, {
    networkMessage: tErrors("network"),
    onSuccess: (loaded) => setContext(loaded),
  });

  const reply = useAppAction(replyFromListAction, {
    networkMessage: tErrors("network"),
    onSuccess: (item, input) => {
      setMessage("");
      setIsInternal(false);
      setConflict(null);
      done(item, input.isInternal ? t("noteAdded", { number }) : t("replied", { number }));
    },
    onError: (failure) => {
      if (failure.code === "REPLY_CONFLICT") {
        // Their answer replaces the one shown; the text stays, to send after reading it.
        setConflict(failure.message);
        loadContext.execute({ ticketId: ticket.id });
        return;
      }
      setError(failure.message);
    },
  });

  const sendReply = (sendAnyway: boolean) => {
    if (busy) return;
    setError(null);
    reply.execute({ ticketId: ticket.id, message, isInternal, seenUpTo: context?.seenUpTo, sendAnyway });
  };

  const busy = assign.busy || reply.busy;
  const assignTo = (assigneeId: string | null) => {
    if (busy) return;
    setError(null);
    assign.execute({ ticketId: ticket.id, assigneeId, expectedVersion: ticket.version });
  };

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setContext(null);
          setConflict(null);
          loadContext.execute({ ticketId: ticket.id });
        } else setError(null);
      }}
    >
      <PopoverTrigger asChild>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="size-10 px-0 lg:size-8 lg:min-h-8"
          aria-label={t("open", { number })}
          data-testid="row-actions"
        >
          <MoreHorizontal aria-hidden="true" className="size-4" />
        </Button>
      </PopoverTrigger>
      <PopoverContent
        align="end"
        aria-label={t("title", { number })}
        className="space-y-4"
        data-testid="row-actions-panel"
      >
        <div className="flex items-baseline justify-between gap-2">
          <p className="text-sm font-semibold">{t("title", { number })}</p>
          <Link
            href={`/admin/demandes/${ticket.id}`}
            className="text-sm font-medium text-brand-700 underline underline-offset-4"
          >
            {t("view")}
          </Link>
        </div>

        <form
          className="space-y-2"
          aria-labelledby={`${id}-assign`}
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen !== (ticket.assignee?.id ?? "")) assignTo(chosen || null);
          }}
        >
          <h3 id={`${id}-assign`} className="text-sm font-medium">
            {t("assignTitle")}
          </h3>
          {currentUserId && ticket.assignee?.id !== currentUserId ? (
            <Button type="button" size="sm" onClick={() => assignTo(currentUserId)} aria-disabled={busy}>
              {t("assignToMe")}
            </Button>
          ) : null}
          <div className="flex flex-wrap items-end gap-2">
            <div className="min-w-0 flex-1 space-y-1">
              <Label htmlFor={`${id}-assignee`}>{t("assignee")}</Label>
              <Select id={`${id}-assignee`} value={chosen} onChange={(event) => setAssignee(event.target.value)}>
                <option value="">{t("unassigned")}</option>
                {admins.map((admin) => {
                  const name = nameOf(admin.id);
                  return (
                    <option key={admin.id} value={admin.id}>
                      {admin.id === currentUserId ? t("me", { name }) : name}
                    </option>
                  );
                })}
              </Select>
            </div>
            <Button
              type="submit"
              variant="secondary"
              aria-disabled={busy || chosen === (ticket.assignee?.id ?? "")}
              aria-busy={assign.busy}
            >
              {assign.busy ? t("saving") : t("assign")}
            </Button>
          </div>
        </form>

        <form
          className="space-y-2 border-t border-slate-100 pt-3"
          aria-labelledby={`${id}-reply`}
          onSubmit={(event) => {
            event.preventDefault();
            sendReply(false);
          }}
        >
          <h3 id={`${id}-reply`} className="text-sm font-medium">
            {t("replyTitle")}
          </h3>
          <NewestEntry context={context} loading={loadContext.busy} failed={Boolean(loadContext.error)} />
          <Label htmlFor={`${id}-message`}>{isInternal ? t("noteLabel") : t("messageLabel")}</Label>
          <Textarea
            id={`${id}-message`}
            rows={3}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
            className={isInternal ? "border-amber-400 bg-amber-50" : undefined}
          />
          <div className="flex flex-wrap items-center justify-between gap-2">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-amber-600"
                checked={isInternal}
                onChange={(event) => setIsInternal(event.target.checked)}
              />
              {t("internal")}
            </label>
            <Button type="submit" aria-disabled={busy} aria-busy={reply.busy}>
              {reply.busy ? t("sending") : isInternal ? t("submitNote") : t("submit")}
            </Button>
          </div>
        </form>

        {conflict ? (
          <div
            role="alert"
            className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
            data-testid="row-reply-conflict"
          >
            <p>{conflict}</p>
            <Button type="button" size="sm" variant="secondary" onClick={() => sendReply(true)} aria-disabled={busy}>
              {t("sendAnyway")}
            </Button>
          </div>
        ) : null}
        <div role="alert" className="text-sm text-red-800" data-testid="row-actions-error">
          {error}
        </div>
      </PopoverContent>
    </Popover>
  );
}

/** The thread's newest entry above the quick reply box: who wrote what, and when. */
function NewestEntry({
  context,
  loading,
  failed,
}: {
  context: TQuickReplyContext | null;
  loading: boolean;
  failed: boolean;
}) {
  const t = useTranslations("tickets.adminList.quick");
  const format = useFormatter();
  if (!context) {
    return (
      <p className="text-xs text-slate-600" aria-live="polite">
        {loading ? t("contextLoading") : failed ? t("contextFailed") : null}
      </p>
    );
  }
  const when = format.dateTime(context.createdAt, { dateStyle: "medium", timeStyle: "short" });
  return (
    <figure
      className={`space-y-1 rounded-md border p-2 text-sm ${context.kind === "note" ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50"}`}
      data-testid="row-reply-context"
    >
      <figcaption className="text-xs text-slate-700">
        {t(`context.${context.kind}`, { name: context.authorName, date: when })}
      </figcaption>
      <blockquote className="line-clamp-4 break-words whitespace-pre-line text-slate-900">{context.text}</blockquote>
    </figure>
  );
}
