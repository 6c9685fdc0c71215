import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MESSAGE_MAX,
  SUBJECT_MAX,
  SUBJECT_MIN,
  TICKET_EVENT_TYPES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from "../../../lib/ticket-values";
import { users } from "./auth";
import { appointments, orders } from "./platform";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

// Enum names are the plan's (section 1.1); the values come from the one client-safe list.
export const ticketStatus = pgEnum("ticket_status", TICKET_STATUSES);
export const ticketPriority = pgEnum("ticket_priority", TICKET_PRIORITIES);
export const ticketEventType = pgEnum("ticket_event_type", TICKET_EVENT_TYPES);

export {
  TICKET_EVENT_TYPES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TTicketEventType,
  type TTicketPriority,
  type TTicketStatus,
} from "../../../lib/ticket-values";

/** `case <column> when '<first>' then 1 … end`: the rank is the value's place in its list. */
function rankOf(column: string, values: readonly string[]) {
  return sql.raw(`case ${column} ${values.map((value, i) => `when '${value}' then ${i + 1}`).join(" ")} end`);
}

/** `char_length(btrim(<column>)) between <min> and <max>`, the limits the zod schemas check too. */
function trimmedLengthBetween(column: AnyPgColumn, min: number, max: number) {
  return sql`char_length(btrim(${column})) between ${sql.raw(String(min))} and ${sql.raw(String(max))}`;
}

/** Categories are data, not an enum, so admins can add, rename, reorder and retire them. */
export const ticketCategories = pgTable("ticket_categories", {
  slug: text("slug").primaryKey(),
  labelFr: text("label_fr").notNull(),
  labelEn: text("label_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  isActive: boolean("is_active").notNull().default(true),
  /** Request template (migration 0027): what to include, shown when a student picks the category. */
  promptFr: text("prompt_fr").notNull().default(""),
  promptEn: text("prompt_en").notNull().default(""),
  /** The link a request in this category must carry: 'order', 'appointment' or none. */
  requiredLink: text("required_link").$type<"order" | "appointment">(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const supportTickets = pgTable(
  "support_tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Short human reference shown as #1042; search finds it too. */
    number: integer("number").notNull().unique().generatedAlwaysAsIdentity({ startWith: 1001 }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    description: text("description").notNull(),
    category: text("category")
      .notNull()
      .references(() => ticketCategories.slug, { onUpdate: "cascade" }),
    priority: ticketPriority("priority").notNull().default("medium"),
    status: ticketStatus("status").notNull().default("open"),
    assignedTo: uuid("assigned_to").references(() => users.id),
    appointmentId: uuid("appointment_id").references(() => appointments.id),
    orderId: uuid("order_id").references(() => orders.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /**
     * When something its student can see last changed: creation, a public message, the status,
     * whether it is assigned. What the student's list sorts by and shows as "updated" —
     * updated_at also moves for internal notes, priority and reassignment, which students must
     * not be able to time (migration 0014). Set by the guard trigger; '-infinity' means "not
     * given" on insert.
     */
    publicActivityAt: timestamp("public_activity_at", { withTimezone: true })
      .notNull()
      .default(sql`'-infinity'::timestamptz`),
    // The SLA clock (migration 0025, docs/sla.md): written only by the clock
    // (app.write_ticket_sla in the change's transaction, the escalation job); a null due time is
    // a clock that is not running (met, paused while resolved, or closed).
    firstResponseDueAt: timestamp("first_response_due_at", { withTimezone: true }),
    /** The first public reply by the team. */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    firstResponseBreached: boolean("first_response_breached").notNull().default(false),
    /** The student message that started the running next-response cycle. */
    nextResponseStartedAt: timestamp("next_response_started_at", { withTimezone: true }),
    nextResponseDueAt: timestamp("next_response_due_at", { withTimezone: true }),
    /** The current (or last) next-response cycle was answered late or is late. */
    nextResponseBreached: boolean("next_response_breached").notNull().default(false),
    resolutionDueAt: timestamp("resolution_due_at", { withTimezone: true }),
    resolutionBreached: boolean("resolution_breached").notNull().default(false),
    slaPausedAt: timestamp("sla_paused_at", { withTimezone: true }),
    /** Business seconds spent paused (resolved) in finished pauses. */
    slaPausedSeconds: integer("sla_paused_seconds").notNull().default(0),
    /** The earliest running due time: the list's "late", "due soon" and "due soonest". */
    slaDueAt: timestamp("sla_due_at", { withTimezone: true }),
    /** When the escalation job next looks at the ticket (a warning or a breach may be due). */
    slaCheckAt: timestamp("sla_check_at", { withTimezone: true }),
    /** When the clock was last written; null: not computed yet (the backfill's marker). */
    slaComputedAt: timestamp("sla_computed_at", { withTimezone: true }),
    /** Business seconds (the clock's calendar) from creation to the first response; null before it. */
    firstResponseBusinessSeconds: integer("first_response_business_seconds"),
    /** Business seconds from creation to when the clock stopped (resolved or closed); null while running. */
    resolutionBusinessSeconds: integer("resolution_business_seconds"),
    /** Bumped by the guard trigger on every update: the optimistic-concurrency token. */
    version: integer("version").notNull().default(1),
    /**
     * The enum's position (1 = low … 4 = urgent; 1 = open … 4 = closed), for sorting, cursors and
     * filters under RLS: enum comparisons are not leakproof, so under RLS they cannot be index
     * conditions; smallint comparisons are (migration 0013).
     */
    priorityRank: smallint("priority_rank").notNull().generatedAlwaysAs(rankOf("priority", TICKET_PRIORITIES)),
    statusRank: smallint("status_rank").notNull().generatedAlwaysAs(rankOf("status", TICKET_STATUSES)),
    /** The request this duplicate was merged into (migration 0028); its messages show on that one. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => supportTickets.id),
    /** Subject (weight A) and description (B), unaccented, both French-stemmed and as typed (migrations 0004, 0009). */
    searchVector: tsvector("search_vector")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('public.ticket_search'::regconfig, subject), 'A') || setweight(to_tsvector('public.ticket_search_simple'::regconfig, subject), 'A') || setweight(to_tsvector('public.ticket_search'::regconfig, description), 'B') || setweight(to_tsvector('public.ticket_search_simple'::regconfig, description), 'B')`,
      ),
  },
  (t) => [
    index("support_tickets_user_id_status_idx").on(t.userId, t.status),
    index("support_tickets_assigned_to_status_idx").on(t.assignedTo, t.status),
    index("support_tickets_appointment_id_idx").on(t.appointmentId),
    index("support_tickets_order_id_idx").on(t.orderId),
    // Keyset pages: every sort key ends with id so the order is total; B-trees scan both ways.
    index("support_tickets_created_at_id_idx").on(t.createdAt, t.id),
    index("support_tickets_updated_at_id_idx").on(t.updatedAt, t.id),
    index("support_tickets_status_rank_created_at_id_idx").on(t.statusRank, t.createdAt, t.id),
    index("support_tickets_priority_rank_created_at_id_idx").on(t.priorityRank, t.createdAt, t.id),
    index("support_tickets_user_id_public_activity_at_id_idx").on(t.userId, t.publicActivityAt, t.id),
    index("support_tickets_search_idx").using("gin", t.searchVector),
    index("support_tickets_sla_due_at_id_idx").on(t.slaDueAt, t.id).where(sql`sla_due_at is not null`),
    index("support_tickets_sla_check_at_idx").on(t.slaCheckAt).where(sql`sla_check_at is not null`),
    index("support_tickets_sla_pending_idx").on(t.createdAt, t.id).where(sql`sla_computed_at is null`),
    index("support_tickets_sla_business_pending_idx")
      .on(t.id)
      .where(
        sql`sla_computed_at is not null and ((first_response_at is not null and first_response_business_seconds is null) or (sla_paused_at is not null and status not in ('open', 'in_progress') and resolution_business_seconds is null))`,
      ),
    index("support_tickets_merged_into_id_idx").on(t.mergedIntoId).where(sql`merged_into_id is not null`),
    check("support_tickets_subject_length", trimmedLengthBetween(t.subject, SUBJECT_MIN, SUBJECT_MAX)),
    check("support_tickets_description_length", trimmedLengthBetween(t.description, DESCRIPTION_MIN, DESCRIPTION_MAX)),
  ],
);

export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    message: text("message").notNull(),
    isInternal: boolean("is_internal").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    // Leads with ticket_id, so it also serves the plan's @@index([ticketId]).
    index("ticket_messages_ticket_id_created_at_idx").on(t.ticketId, t.createdAt),
    index("ticket_messages_user_id_idx").on(t.userId),
    check("ticket_messages_message_length", trimmedLengthBetween(t.message, 1, MESSAGE_MAX)),
  ],
);

export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    /** The message the file came with; null for files attached to the ticket itself. */
    messageId: uuid("message_id").references(() => ticketMessages.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    filePath: text("file_path").notNull().unique(),
    fileType: text("file_type").notNull(),
    fileSize: integer("file_size").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ticket_attachments_ticket_id_idx").on(t.ticketId),
    index("ticket_attachments_message_id_idx").on(t.messageId),
    index("ticket_attachments_uploaded_by_idx").on(t.uploadedBy),
    check("ticket_attachments_file_size", sql`${t.fileSize} > 0 and ${t.fileSize} <= 33554432`),
  ],
);

/** Append-only history of a ticket: who did what, from which value to which, and why. */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id),
    type: ticketEventType("type").notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    reason: text("reason"),
    messageId: uuid("message_id").references(() => ticketMessages.id, { onDelete: "set null" }),
    /** A change made by an auto-assignment rule (migration 0027): no actor, the rule and its name then. */
    ruleId: uuid("rule_id"),
    ruleName: text("rule_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [
    index("ticket_events_ticket_id_created_at_idx").on(t.ticketId, t.createdAt),
    index("ticket_events_actor_id_idx").on(t.actorId),
    index("ticket_events_message_id_idx").on(t.messageId),
  ],
);

/** When each user last read each ticket: drives unread indicators. */
export const ticketReads = pgTable(
  "ticket_reads",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index("ticket_reads_user_id_idx").on(t.userId)],
);

/** Admin-only labels on tickets (migration 0028): one name per tag whatever its case. */
export const ticketTags = pgTable(
  "ticket_tags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ticket_tags_name_key").on(sql`lower(${t.name})`),
    index("ticket_tags_created_by_idx").on(t.createdBy),
  ],
);

export const supportTicketTags = pgTable(
  "support_ticket_tags",
  {
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => supportTickets.id, { onDelete: "cascade" }),
    tagId: uuid("tag_id")
      .notNull()
      .references(() => ticketTags.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.tagId] }),
    index("support_ticket_tags_tag_id_ticket_id_idx").on(t.tagId, t.ticketId),
  ],
);

/** The admin list's filters and sort under a name, personal or shared (migration 0028). */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    isShared: boolean("is_shared").notNull().default(false),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("saved_views_owner_id_idx").on(t.ownerId),
    index("saved_views_shared_idx").on(t.isShared).where(sql`is_shared`),
  ],
);
