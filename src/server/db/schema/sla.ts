import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { supportTickets, ticketCategories, ticketPriority } from "./tickets";

// SLA (migration 0025, docs/sla.md): admins read and write these; the clock reads them through
// app.sla_rules() (students change tickets too, and never see SLA).

/** Durations in business minutes per priority; a row with a category narrows the priority's default. */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    priority: ticketPriority("priority").notNull(),
    category: text("category").references(() => ticketCategories.slug, { onUpdate: "cascade", onDelete: "cascade" }),
    firstResponseMinutes: integer("first_response_minutes").notNull(),
    nextResponseMinutes: integer("next_response_minutes").notNull(),
    resolutionMinutes: integer("resolution_minutes").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sla_policies_category_idx").on(t.category),
    index("sla_policies_updated_by_idx").on(t.updatedBy),
    check("sla_policies_first_response_minutes_check", sql`first_response_minutes between 1 and 525600`),
    check("sla_policies_next_response_minutes_check", sql`next_response_minutes between 1 and 525600`),
    check("sla_policies_resolution_minutes_check", sql`resolution_minutes between 1 and 525600`),
  ],
);

/** One row (id = true): weekly hours in APP_TIME_ZONE, statutory holidays on/off, warning lead. */
export const businessCalendar = pgTable(
  "business_calendar",
  {
    id: boolean("id").primaryKey().default(true),
    weeklyHours: jsonb("weekly_hours").notNull(),
    statutoryHolidays: boolean("statutory_holidays").notNull().default(true),
    warningMinutes: integer("warning_minutes").notNull().default(60),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("business_calendar_updated_by_idx").on(t.updatedBy)],
);

/** Days closed on top of Quebec's statutory holidays. */
export const businessHolidays = pgTable("business_holidays", {
  day: date("day", { mode: "string" }).primaryKey(),
  label: text("label").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** What the escalation job sent: one row per (ticket, clock, due time, stage). */
export const ticketSlaAlerts = pgTable(
  "ticket_sla_alerts",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    clock: text("clock").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    stage: text("stage").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.clock, t.dueAt, t.stage] })],
);
