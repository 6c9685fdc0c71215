import { getFormatter, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import type { TAgeBucket, TAnalyticsDashboard, TSlaCompliance } from "../dto";
import { BacklogAgeChart, BacklogChart, CreatedResolvedChart, CsatChart, SlaChart } from "./analytics-charts";
import { formatDuration } from "./format-duration";

const thClass = "border-b border-slate-300 px-2 py-1 text-left font-medium text-slate-700";
const tdClass = "border-b border-slate-100 px-2 py-1";

type TFigureRow = { key: string; label: ReactNode; values: ReactNode[] };

/**
 * The one table of the page: a row header (a day, a bucket, an admin) and right-aligned figures,
 * its caption read by screen readers. `columns` are the header's labels, the row header's first.
 */
function FigureTable({
  caption,
  columns,
  rows,
  testId,
}: {
  caption: string;
  columns: string[];
  rows: TFigureRow[];
  testId?: string;
}) {
  const [first, ...figures] = columns;
  return (
    <table className="w-full min-w-max border-collapse text-sm tabular-nums" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={thClass}>
            {first}
          </th>
          {figures.map((label) => (
            <th key={label} scope="col" className={`${thClass} text-right`}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className={`${tdClass} text-left font-normal`}>
              {row.label}
            </th>
            {row.values.map((value, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns, in order
              <td key={index} className={`${tdClass} text-right`}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart and its table: the table is the accessible alternative, opened from a disclosure. */
async function ChartCard({
  id,
  title,
  description,
  chart,
  table,
}: {
  id: string;
  title: string;
  description?: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const t = await getTranslations("analytics");
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>{title}</CardTitle>
        {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      </CardHeader>
      <CardContent className="space-y-3">
        {chart}
        <details data-testid={`${id}-table`}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700 underline underline-offset-4">
            {t("showTable")}
          </summary>
          {/* Scrolls on its own: focusable, so a keyboard can scroll it, and named for that stop. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus (WCAG 2.1.1). */}
          <section tabIndex={0} aria-labelledby={`${id}-title`} className="mt-2 max-h-96 overflow-auto">
            {table}
          </section>
        </details>
      </CardContent>
    </Card>
  );
}

/** The analytics page's body (issue 16): figures, charts with their tables, per-admin table. */
export async function AnalyticsDashboard({
  dashboard,
  adminCsvUrl,
}: {
  dashboard: TAnalyticsDashboard;
  adminCsvUrl: string;
}) {
  const t = await getTranslations("analytics");
  const tDuration = await getTranslations("analytics.duration");
  const tAge = await getTranslations("analytics.age");
  const format = await getFormatter();
  const n = (value: number) => format.number(value);
  const day = (value: string) =>
    format.dateTime(new Date(`${value}T12:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const duration = (seconds: number | null) => formatDuration(seconds, tDuration);
  const average = (value: number | null) =>
    value === null ? t("noRatings") : format.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const ages: TAgeBucket[] = ["today", "days1to2", "days3to7", "days8to30", "over30"];
  const percent = (rate: number | null) =>
    rate === null ? t("slaNone") : format.number(rate, { style: "percent", maximumFractionDigits: 1 });
  const slaRows: { key: string; label: string; figures: TSlaCompliance }[] = [
    { key: "first-response", label: t("slaFirstResponse"), figures: dashboard.sla.firstResponse },
    { key: "resolution", label: t("slaResolution"), figures: dashboard.sla.resolution },
    { key: "total", label: t("slaTotal"), figures: dashboard.sla.overall },
  ];

  const stats: { label: string; value: string; detail?: string; testId: string }[] = [
    { label: t("created"), value: n(dashboard.totals.created), testId: "stat-created" },
    { label: t("resolved"), value: n(dashboard.totals.resolved), testId: "stat-resolved" },
    {
      label: t("backlogEnd"),
      value: n(dashboard.totals.backlogEnd),
      detail: t("backlogStart", { count: dashboard.totals.backlogStart }),
      testId: "stat-backlog",
    },
    {
      label: t("firstResponse"),
      value: duration(dashboard.firstResponse.medianSeconds),
      detail: t("p90", { value: duration(dashboard.firstResponse.p90Seconds), count: dashboard.firstResponse.count }),
      testId: "stat-first-response",
    },
    {
      label: t("resolution"),
      value: duration(dashboard.resolution.medianSeconds),
      detail: t("p90", { value: duration(dashboard.resolution.p90Seconds), count: dashboard.resolution.count }),
      testId: "stat-resolution",
    },
    {
      label: t("sla"),
      value: percent(dashboard.sla.overall.rate),
      detail: t("slaDetail", {
        firstResponse: percent(dashboard.sla.firstResponse.rate),
        resolution: percent(dashboard.sla.resolution.rate),
      }),
      testId: "stat-sla",
    },
    {
      label: t("csat"),
      value: average(dashboard.csat.average),
      detail: t("csatCount", { count: dashboard.csat.count }),
      testId: "stat-csat",
    },
  ];

  return (
    <div className="space-y-5">
      {dashboard.complete ? null : <Alert>{t("incomplete")}</Alert>}
      <section aria-labelledby="analytics-summary-title">
        <h2 id="analytics-summary-title" className="sr-only">
          {t("summary")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7">
          {stats.map((stat) => (
            <div
              key={stat.testId}
              className="rounded-lg border border-slate-200 bg-white p-3"
              data-testid={stat.testId}
            >
              <dt className="text-sm text-slate-600">{stat.label}</dt>
              <dd className="text-xl font-semibold tabular-nums">{stat.value}</dd>
              {stat.detail ? <dd className="text-xs text-slate-600">{stat.detail}</dd> : null}
            </div>
          ))}
        </dl>
        <p className="mt-2 text-xs text-slate-600">{t("businessHours")}</p>
      </section>

      <ChartCard
        id="created-resolved"
        title={t("createdResolvedTitle")}
        chart={<CreatedResolvedChart days={dashboard.days} />}
        table={
          <FigureTable
            caption={t("createdResolvedTitle")}
            columns={[t("day"), t("created"), t("resolved")]}
            rows={dashboard.days.map((d) => ({ key: d.day, label: day(d.day), values: [n(d.created), n(d.resolved)] }))}
          />
        }
      />

      <div className="grid gap-5 lg:grid-cols-2">
        <ChartCard
          id="backlog"
          title={t("backlogTitle")}
          description={t("backlogDescription")}
          chart={<BacklogChart days={dashboard.days} />}
          table={
            <FigureTable
              caption={t("backlogTitle")}
              columns={[t("day"), t("backlog")]}
              rows={dashboard.days.map((d) => ({ key: d.day, label: day(d.day), values: [n(d.backlog)] }))}
            />
          }
        />
        <ChartCard
          id="backlog-age"
          title={t("ageTitle")}
          description={t("ageDescription")}
          chart={<BacklogAgeChart buckets={dashboard.backlogByAge} />}
          table={
            <FigureTable
              caption={t("ageTitle")}
              columns={[t("ageColumn"), tAge("count")]}
              rows={ages.map((bucket) => ({
                key: bucket,
                label: tAge(bucket),
                values: [n(dashboard.backlogByAge[bucket])],
              }))}
            />
          }
        />
      </div>

      <ChartCard
        id="sla"
        title={t("slaTitle")}
        description={t("slaDescription")}
        chart={<SlaChart rows={slaRows.slice(0, 2).map((r) => ({ label: r.label, ...r.figures }))} />}
        table={
          <FigureTable
            caption={t("slaTitle")}
            columns={[t("slaClock"), t("slaMet"), t("slaBreached"), t("slaRate")]}
            rows={slaRows.map((row) => ({
              key: row.key,
              label: row.label,
              values: [n(row.figures.met), n(row.figures.breached), percent(row.figures.rate)],
            }))}
          />
        }
      />

      <ChartCard
        id="csat"
        title={t("csatTitle")}
        description={t("csatDescription", { count: dashboard.csat.count, average: average(dashboard.csat.average) })}
        chart={<CsatChart distribution={dashboard.csat.distribution} />}
        table={
          <FigureTable
            caption={t("csatTitle")}
            columns={[t("score"), t("ratings")]}
            rows={dashboard.csat.distribution.map((count, index) => ({
              key: String(index + 1),
              label: t("scoreOf", { score: index + 1 }),
              values: [n(count)],
            }))}
          />
        }
      />

      <Card aria-labelledby="admins-title">
        <CardHeader className="flex flex-row flex-wrap items-baseline justify-between gap-2">
          <CardTitle id="admins-title">{t("adminsTitle")}</CardTitle>
          <a
            href={adminCsvUrl}
            className="text-sm font-medium text-brand-700 underline underline-offset-4"
            data-testid="admins-csv"
            download
          >
            {t("downloadCsv")}
          </a>
        </CardHeader>
        <CardContent>
          {dashboard.admins.length === 0 ? (
            <p className="text-sm text-slate-600">{t("noData")}</p>
          ) : (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus (WCAG 2.1.1).
            <section tabIndex={0} aria-label={t("adminsTitle")} className="overflow-x-auto">
              <FigureTable
                caption={t("adminsTitle")}
                testId="admins-table"
                columns={[
                  t("admin"),
                  t("assigned"),
                  t("resolved"),
                  t("medianFirstResponse"),
                  t("slaColumn"),
                  t("csat"),
                ]}
                rows={dashboard.admins.map((row) => ({
                  key: row.adminId ?? "unassigned",
                  label: row.adminId ? (row.name ?? t("formerAdmin")) : t("unassigned"),
                  values: [
                    n(row.assigned),
                    n(row.resolved),
                    duration(row.medianFirstResponseSeconds),
                    row.slaRate === null
                      ? t("slaNone")
                      : t("slaCell", { rate: percent(row.slaRate), met: n(row.slaMet), total: n(row.slaTotal) }),
                    row.csatAverage === null
                      ? t("noRatings")
                      : t("csatCell", { average: average(row.csatAverage), count: row.csatCount }),
                  ],
                }))}
              />
            </section>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
