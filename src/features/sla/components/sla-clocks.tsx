import { getFormatter, getTranslations } from "next-intl/server";
import type { TSlaDetails } from "@/lib/sla-values";

/**
 * The admin ticket page's line per clock: due at, met at, late, paused, or not running. Server
 * rendered (absolute times only: the relative one is the badge's).
 */
export async function SlaClocks({ sla }: { sla: TSlaDetails }) {
  const t = await getTranslations("sla.details");
  const tClock = await getTranslations("sla.clocks");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-700" data-testid="sla-clocks">
      {sla.clocks.map((clock) => {
        let value: string;
        if (clock.metAt) value = t(clock.breached ? "metLate" : "met", { date: when(clock.metAt) });
        else if (clock.dueAt) value = t(clock.breached ? "lateSince" : "due", { date: when(clock.dueAt) });
        else if (sla.pausedAt) value = t("paused");
        else value = clock.breached ? t("missed") : t("notRunning");
        return (
          <div key={clock.clock} className="flex gap-1">
            <dt className="text-slate-600">{tClock(clock.clock)}</dt>
            <dd>{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}
