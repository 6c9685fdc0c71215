import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { supportTickets, ticketCategories } from "./tickets";

// Issue 16 (migration 0026): satisfaction ratings and the analytics' daily aggregates. The
// triggers that keep analytics_daily exact, its backfill and the rating rules are SQL in the
// migration; these declarations are for typed queries.

/** A student's 1–5 rating of one resolution of their ticket (unique per ticket and resolved_at). */
export const ticketRatings = pgTable(
  "ticket_ratings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The resolution rated: the ticket's resolved_at when the rating was given. */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }).notNull(),
    score: smallint("score").notNull(),
    comment: text("comment"),
    /** Where analytics count it (set by the guard trigger); never in a student's DTO. */
    category: text("category")
      .notNull()
      .references(() => ticketCategories.slug, { onUpdate: "cascade" }),
    adminId: uuid("admin_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ticket_ratings_one_per_resolution").on(t.ticketId, t.resolvedAt),
    index("ticket_ratings_user_id_idx").on(t.userId),
    index("ticket_ratings_category_idx").on(t.category),
    check("ticket_ratings_score_check", sql`${t.score} between 1 and 5`),
  ],
);

/** Daily figures by (local day, category, admin); see docs/analytics.md for each column. */
export const analyticsDaily = pgTable(
  "analytics_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    category: text("category")
      .notNull()
      .references(() => ticketCategories.slug, { onUpdate: "cascade" }),
    adminId: uuid("admin_id"),
    created: integer("created").notNull().default(0),
    openNow: integer("open_now").notNull().default(0),
    backlogNet: integer("backlog_net").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    resolutionSecs: integer("resolution_secs").array().notNull().default(sql`'{}'`),
    firstResponses: integer("first_responses").notNull().default(0),
    firstResponseSecs: integer("first_response_secs").array().notNull().default(sql`'{}'`),
    csatCount: integer("csat_count").notNull().default(0),
    csatSum: integer("csat_sum").notNull().default(0),
    csat1: integer("csat_1").notNull().default(0),
    csat2: integer("csat_2").notNull().default(0),
    csat3: integer("csat_3").notNull().default(0),
    csat4: integer("csat_4").notNull().default(0),
    csat5: integer("csat_5").notNull().default(0),
    slaFrMet: integer("sla_fr_met").notNull().default(0),
    slaFrBreached: integer("sla_fr_breached").notNull().default(0),
    firstResponseBhSecs: integer("first_response_bh_secs").array().notNull().default(sql`'{}'`),
    slaResMet: integer("sla_res_met").notNull().default(0),
    slaResBreached: integer("sla_res_breached").notNull().default(0),
    resolutionBhSecs: integer("resolution_bh_secs").array().notNull().default(sql`'{}'`),
  },
  (t) => [
    unique("analytics_daily_key").on(t.day, t.category, t.adminId).nullsNotDistinct(),
    index("analytics_daily_admin_id_day_idx").on(t.adminId, t.day),
    index("analytics_daily_category_day_idx").on(t.category, t.day),
  ],
);

/** One row: the days' time zone and the backfill's progress. */
export const analyticsState = pgTable("analytics_state", {
  id: boolean("id").primaryKey().default(true),
  timeZone: text("time_zone").notNull().default("America/Toronto"),
  backfillCutoff: timestamp("backfill_cutoff", { withTimezone: true }).notNull().defaultNow(),
  backfillAfter: uuid("backfill_after"),
  backfillDone: boolean("backfill_done").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
