"use client";

import { useFormatter, useNow, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { SLA_DUE_SOON_MINUTES, type TSlaSummary } from "@/lib/sla-values";

const MINUTE = 60_000;

/** "25 min", "2 h", "2 h 15", "3 jours": the badge's durations, coarse on purpose. */
function useDuration() {
  const t = useTranslations("sla.badge");
  return (ms: number) => {
    const minutes = Math.max(1, Math.ceil(ms / MINUTE));
    if (minutes < 60) return t("minutes", { count: minutes });
    if (minutes < 24 * 60) {
      const hours = Math.floor(minutes / 60);
      const rest = minutes % 60;
      return rest > 0 && hours < 10 ? t("hoursMinutes", { hours, minutes: rest }) : t("hours", { count: hours });
    }
    return t("days", { count: Math.floor(minutes / (24 * 60)) });
  };
}

/**
 * An admin's view of a ticket's SLA (docs/sla.md): "À temps", "Échéance dans 25 min", "En retard
 * de 2 h", or "Échéance manquée" when no clock runs but one was late. Nothing when no clock runs
 * and none was late. Refreshes every minute; the server's and the browser's minute may differ at
 * hydration, hence the suppressed warning on the text.
 */
export function SlaBadge({ sla }: { sla: TSlaSummary }) {
  const t = useTranslations("sla.badge");
  const tClock = useTranslations("sla.clocks");
  const format = useFormatter();
  const duration = useDuration();
  const now = useNow({ updateInterval: MINUTE });
  if (!sla.dueAt) {
    if (!sla.breached) return null;
    return (
      <Badge tone="neutral" data-testid="sla-badge" data-sla="missed">
        {t("missed")}
      </Badge>
    );
  }
  const left = sla.dueAt.getTime() - now.getTime();
  const title = t("dueAt", {
    clock: sla.clock ? tClock(sla.clock) : "",
    date: format.dateTime(sla.dueAt, { dateStyle: "medium", timeStyle: "short" }),
  });
  const state = left < 0 ? "late" : left <= SLA_DUE_SOON_MINUTES * MINUTE ? "due_soon" : "on_time";
  const tone = state === "late" ? "red" : state === "due_soon" ? "amber" : "green";
  const text =
    state === "late"
      ? t("lateBy", { duration: duration(-left) })
      : state === "due_soon"
        ? t("dueIn", { duration: duration(left) })
        : t("onTime");
  return (
    <Badge tone={tone} title={title} data-testid="sla-badge" data-sla={state}>
      <span suppressHydrationWarning>{text}</span>
      <span className="sr-only">{` (${title})`}</span>
    </Badge>
  );
}
