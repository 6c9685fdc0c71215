import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { appointments, orders } from "./platform";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

// Enum names and values are the plan's (section 1.1).
export const ticketStatus = pgEnum("ticket_status", ["open", "in_progress", "resolved", "closed"]);
export const ticketPriority = pgEnum("ticket_priority", ["low", "medium", "high", "urgent"]);
export const ticketEventType = pgEnum("ticket_event_type", [
  "created",
  "status_changed",
  "priority_changed",
  "assigned",
  "message_added",
  "internal_note_added",
  "attachment_added",
]);

export const TICKET_STATUSES = ticketStatus.enumValues;
export const TICKET_PRIORITIES = ticketPriority.enumValues;
export type TTicketStatus = (typeof TICKET_STATUSES)[number];
export type TTicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TTicketEventType = (typeof ticketEventType.enumValues)[number];

/** Categories are data, not an enum, so admins can add, rename, reorder and retire them. */
export const ticketCategories = pgTable("ticket_categories", {
  slug: text("slug").primaryKey(),
  labelFr: text("label_fr").notNull(),
  labelEn: text("label_en").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  isActive: boolean("is_active").notNull().default(true),
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
    /** Bumped by the guard trigger on every update: the optimistic-concurrency token. */
    version: integer("version").notNull().default(1),
    /**
     * The enum's position (1 = low … 4 = urgent; 1 = open … 4 = closed), for sorting, cursors and
     * filters under RLS: enum comparisons are not leakproof, so under RLS they cannot be index
     * conditions; smallint comparisons are (migration 0013).
     */
    priorityRank: smallint("priority_rank")
      .notNull()
      .generatedAlwaysAs(
        sql`case priority when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'urgent' then 4 end`,
      ),
    statusRank: smallint("status_rank")
      .notNull()
      .generatedAlwaysAs(
        sql`case status when 'open' then 1 when 'in_progress' then 2 when 'resolved' then 3 when 'closed' then 4 end`,
      ),
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
    check("support_tickets_subject_length", sql`char_length(btrim(${t.subject})) between 5 and 200`),
    check("support_tickets_description_length", sql`char_length(btrim(${t.description})) between 10 and 5000`),
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
    check("ticket_messages_message_length", sql`char_length(btrim(${t.message})) between 1 and 5000`),
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
