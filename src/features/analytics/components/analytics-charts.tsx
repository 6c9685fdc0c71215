"use client";

import { useFormatter, useTranslations } from "next-intl";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TAgeBucket, TAnalyticsDay } from "../dto";

// The dashboard's charts (Recharts, in the browser). Each is drawn for sighted users only
// (aria-hidden): the same numbers are in the table just below it, which screen readers and
// keyboards use (docs/analytics.md). Colors keep 3:1 against white and differ in shape too
// (bars vs line, dashed line).

const COLORS = { created: "#1d4ed8", resolved: "#15803d", backlog: "#b45309", csat: "#7c3aed", late: "#b91c1c" };
const HEIGHT = 260;

function useDayFormat() {
  const format = useFormatter();
  return (day: string) =>
    format.dateTime(new Date(`${day}T12:00:00Z`), { day: "numeric", month: "short", timeZone: "UTC" });
}

export function CreatedResolvedChart({ days }: { days: TAnalyticsDay[] }) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const dayLabel = useDayFormat();
  return (
    <div aria-hidden="true" data-testid="chart-created-resolved" className="h-[260px] w-full">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart accessibilityLayer={false} data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} minTickGap={16} fontSize={12} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} fontSize={12} />
          <Tooltip labelFormatter={(label) => dayLabel(String(label))} formatter={(v) => format.number(Number(v))} />
          <Legend />
          <Bar dataKey="created" name={t("created")} fill={COLORS.created} isAnimationActive={false} />
          <Bar dataKey="resolved" name={t("resolved")} fill={COLORS.resolved} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BacklogChart({ days }: { days: TAnalyticsDay[] }) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const dayLabel = useDayFormat();
  return (
    <div aria-hidden="true" data-testid="chart-backlog" className="h-[260px] w-full">
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart accessibilityLayer={false} data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} minTickGap={16} fontSize={12} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} fontSize={12} />
          <Tooltip labelFormatter={(label) => dayLabel(String(label))} formatter={(v) => format.number(Number(v))} />
          <Line
            type="monotone"
            dataKey="backlog"
            name={t("backlog")}
            stroke={COLORS.backlog}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BacklogAgeChart({ buckets }: { buckets: Record<TAgeBucket, number> }) {
  const t = useTranslations("analytics.age");
  const format = useFormatter();
  const data = (Object.keys(buckets) as TAgeBucket[]).map((bucket) => ({ label: t(bucket), count: buckets[bucket] }));
  return (
    <div aria-hidden="true" data-testid="chart-backlog-age" className="h-[220px] w-full">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} interval={0} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} fontSize={12} />
          <Tooltip formatter={(v) => format.number(Number(v))} />
          <Bar dataKey="count" name={t("count")} fill={COLORS.backlog} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function CsatChart({ distribution }: { distribution: readonly number[] }) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  const data = distribution.map((count, index) => ({ label: `${index + 1} ★`, count }));
  return (
    <div aria-hidden="true" data-testid="chart-csat" className="h-[220px] w-full">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} fontSize={12} />
          <Tooltip formatter={(v) => format.number(Number(v))} />
          <Bar dataKey="count" name={t("ratings")} fill={COLORS.csat} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Met and late clocks, stacked per clock (first response, resolution). */
export function SlaChart({ rows }: { rows: { label: string; met: number; breached: number }[] }) {
  const t = useTranslations("analytics");
  const format = useFormatter();
  return (
    <div aria-hidden="true" data-testid="chart-sla" className="h-[220px] w-full">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} interval={0} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} fontSize={12} />
          <Tooltip formatter={(v) => format.number(Number(v))} />
          <Legend />
          <Bar dataKey="met" name={t("slaMet")} stackId="sla" fill={COLORS.resolved} isAnimationActive={false} />
          <Bar dataKey="breached" name={t("slaBreached")} stackId="sla" fill={COLORS.late} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
