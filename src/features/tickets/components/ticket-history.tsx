import { getFormatter, getTranslations } from "next-intl/server";
import { SLA_CLOCKS, type TSlaClock } from "@/lib/sla-values";
import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";
import { PRIORITIES, STATUSES } from "../constants";
import type { TTicketHistoryItem } from "../dto";

/**
 * What happened to a ticket, oldest first: who did what, from which value to which, and
 * why. Statuses and priorities are translated; assignees are named from `names` (id → name).
 */
export async function TicketHistory({
  history,
  names,
}: {
  history: TTicketHistoryItem[];
  names: Record<string, string>;
}) {
  const t = await getTranslations("tickets.history");
  const tStatus = await getTranslations("status");
  const tPriority = await getTranslations("priority");
  const tClock = await getTranslations("sla.clocks");
  const format = await getFormatter();

  const status = (value: string | null) =>
    value && (STATUSES as string[]).includes(value) ? tStatus(value as TTicketStatus) : (value ?? t("none"));
  const priority = (value: string | null) =>
    value && (PRIORITIES as string[]).includes(value) ? tPriority(value as TTicketPriority) : (value ?? t("none"));
  const clock = (value: string | null) =>
    value && (SLA_CLOCKS as readonly string[]).includes(value) ? tClock(value as TSlaClock) : (value ?? t("none"));
  const person = (id: string | null) => (id ? (names[id] ?? t("formerAdmin")) : t("nobody"));

  function describeEvent(event: TTicketHistoryItem): string {
    const actor = event.ruleName ? t("rule", { name: event.ruleName }) : (event.actorName ?? t("system"));
    switch (event.type) {
      case "created":
        return t("created", { actor });
      case "status_changed":
        return t("statusChanged", { actor, from: status(event.fromValue), to: status(event.toValue) });
      case "priority_changed":
        return t("priorityChanged", { actor, from: priority(event.fromValue), to: priority(event.toValue) });
      case "assigned":
        if (!event.toValue) return t("unassigned", { actor, from: person(event.fromValue) });
        if (!event.fromValue) return t("assigned", { actor, to: person(event.toValue) });
        return t("reassigned", { actor, from: person(event.fromValue), to: person(event.toValue) });
      case "message_added":
        return t("messageAdded", { actor });
      case "internal_note_added":
        return t("internalNoteAdded", { actor });
      case "attachment_added":
        return t("attachmentAdded", { actor });
      case "sla_warning":
        return t("slaWarning", { clock: clock(event.fromValue) });
      case "sla_breached":
        return t("slaBreached", { clock: clock(event.fromValue) });
      case "rated":
        return event.fromValue
          ? t("rerated", { actor, from: event.fromValue, to: event.toValue ?? "" })
          : t("rated", { actor, score: event.toValue ?? "" });
      case "tag_added":
        return t("tagAdded", { actor, tag: event.toValue ?? "" });
      case "tag_removed":
        return t("tagRemoved", { actor, tag: event.fromValue ?? "" });
      case "merged_into":
        return t("mergedInto", { actor, number: event.toValue ?? "" });
      case "merged_from":
        return t("mergedFrom", { actor, number: event.fromValue ?? "" });
    }
  }

  if (history.length === 0) return <p className="text-sm text-slate-600">{t("empty")}</p>;
  return (
    <ol className="space-y-3 border-l-2 border-slate-200 pl-4" data-testid="ticket-history">
      {history.map((event) => (
        <li key={event.id} className="relative text-sm" data-testid="history-item" data-type={event.type}>
          <span aria-hidden="true" className="absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full bg-slate-400" />
          <p className="break-words">
            {event.messageId && (event.type === "message_added" || event.type === "internal_note_added") ? (
              <a href={`#message-${event.messageId}`} className="underline-offset-2 hover:underline">
                {describeEvent(event)}
              </a>
            ) : (
              describeEvent(event)
            )}
          </p>
          {event.reason ? (
            <p className="mt-0.5 break-words text-slate-700">
              <span className="font-medium">{t("reason")}</span> {event.reason}
            </p>
          ) : null}
          <time dateTime={event.createdAt.toISOString()} className="text-xs text-slate-600">
            {format.dateTime(event.createdAt, { dateStyle: "medium", timeStyle: "short" })}
          </time>
        </li>
      ))}
    </ol>
  );
}
