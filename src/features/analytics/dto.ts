// What the analytics page receives (issue 16). Durations are business seconds: the SLA clock's
// calendar (APP_TIME_ZONE, weekly hours, Quebec holidays, added days), docs/analytics.md.

export type TAnalyticsDay = {
  /** YYYY-MM-DD, local (APP_TIME_ZONE). */
  day: string;
  created: number;
  resolved: number;
  /** Open or in progress at the end of the day. */
  backlog: number;
};

export type TDurationSummary = { count: number; medianSeconds: number | null; p90Seconds: number | null };

/** Clocks stopped in the range (first responses, resolutions) that met or missed their due time. */
export type TSlaCompliance = {
  met: number;
  breached: number /** met / (met + breached), 0–1; null when none. */;
  rate: number | null;
};

export type TAgeBucket = "today" | "days1to2" | "days3to7" | "days8to30" | "over30";

export type TAdminAnalyticsRow = {
  /** null: unassigned. */
  adminId: string | null;
  name: string | null;
  /** Tickets created in the range that are assigned to them. */
  assigned: number;
  /** Tickets resolved in the range while assigned to them. */
  resolved: number;
  /** First replies they wrote in the range. */
  firstResponses: number;
  /** Median business time to the first response of the tickets assigned to them (first responses in the range). */
  medianFirstResponseSeconds: number | null;
  /** First responses and resolutions of their tickets in the range that met their due time, of all. */
  slaMet: number;
  slaTotal: number;
  slaRate: number | null;
  csatCount: number;
  csatAverage: number | null;
};

export type TAnalyticsDashboard = {
  from: string;
  to: string;
  days: TAnalyticsDay[];
  totals: { created: number; resolved: number; backlogStart: number; backlogEnd: number };
  /** The current backlog by age (not limited to the range). */
  backlogByAge: Record<TAgeBucket, number>;
  firstResponse: TDurationSummary;
  resolution: TDurationSummary;
  sla: { firstResponse: TSlaCompliance; resolution: TSlaCompliance; overall: TSlaCompliance };
  csat: { count: number; average: number | null; distribution: [number, number, number, number, number] };
  admins: TAdminAnalyticsRow[];
  /** False while tickets older than the analytics are still being counted (the backfill). */
  complete: boolean;
};
