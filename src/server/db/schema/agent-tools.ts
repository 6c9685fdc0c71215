import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { ticketCategories } from "./tickets";

// Issue 15 (migration 0027): canned replies, admin availability, auto-assignment rules.
// Admin-only under RLS; students and tutors see none of it.

/** A reply an admin inserts in the reply box: personal (owner only) or shared with the team. */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    isShared: boolean("is_shared").notNull().default(false),
    title: text("title").notNull(),
    bodyFr: text("body_fr").notNull(),
    bodyEn: text("body_en").notNull(),
    usageCount: integer("usage_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("canned_replies_owner_id_idx").on(t.ownerId),
    index("canned_replies_usage_idx").on(t.usageCount.desc(), t.title, t.id),
    check("canned_replies_title_check", sql`char_length(btrim(${t.title})) between 1 and 120`),
  ],
);

/** Each admin's availability and capacity; no row = available, no limit. */
export const adminAvailability = pgTable("admin_availability", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  isAway: boolean("is_away").notNull().default(false),
  maxOpenTickets: integer("max_open_tickets"),
  releaseOnAway: boolean("release_on_away").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Ordered auto-assignment rules (plan V2). */
export const assignmentRules = pgTable(
  "assignment_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    category: text("category").references(() => ticketCategories.slug, { onUpdate: "cascade", onDelete: "cascade" }),
    subjectWords: text("subject_words").array().notNull().default(sql`'{}'`),
    context: text("context").notNull().default("any"),
    strategy: text("strategy").notNull(),
    adminIds: uuid("admin_ids").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("assignment_rules_active_position_idx").on(t.position, t.id).where(sql`is_active`),
    index("assignment_rules_category_idx").on(t.category),
    index("assignment_rules_created_by_idx").on(t.createdBy),
  ],
);
