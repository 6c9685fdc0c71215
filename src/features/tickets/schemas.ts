import { z } from "zod";
import { LIVE_LIST_CHECK_MAX } from "@/lib/live-list-values";
import { refuseNulBytes } from "@/lib/nul-bytes";
import { RATING_COMMENT_MAX } from "@/lib/rating-values";
import { SLA_LIST_FILTERS } from "@/lib/sla-values";
import {
  BULK_MAX,
  CATEGORY_LABEL_MAX,
  CATEGORY_LABEL_MIN,
  CATEGORY_SLUG_MAX,
  CATEGORY_SLUG_MIN,
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MESSAGE_MAX,
  REASON_MAX,
  SEARCH_MAX,
  SUBJECT_MAX,
  SUBJECT_MIN,
  TAG_FILTER_MAX,
  TAG_NAME_MAX,
  TAG_NAME_MIN,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  VIEW_NAME_MAX,
  VIEW_NAME_MIN,
} from "@/lib/ticket-values";

// Input schemas (plan section 4.2). Client-safe (zod and src/lib only): the forms validate with
// these very schemas before sending. Messages are i18n keys under `validation.*`.
export {
  DESCRIPTION_MAX,
  DESCRIPTION_MIN,
  MESSAGE_MAX,
  PAGE_SIZE,
  REASON_MAX,
  SUBJECT_MAX,
  SUBJECT_MIN,
} from "./constants";

const ZUuid = z.string().uuid({ message: "invalidId" });
const ZOptionalUuid = z
  .union([ZUuid, z.literal(""), z.null()])
  .optional()
  .transform((v) => (v ? v : null));

/**
 * Text limits count characters after trimming, as the database checks do. Line breaks are
 * stored as "\n": a form posts a textarea's as "\r\n" (HTML's rule), which would double every
 * paragraph break in the thread and count twice against the limit.
 */
const trimmedText = (min: number, max: number, key: string) =>
  refuseNulBytes(
    z
      .string({ message: `${key}Required` })
      .overwrite((value) => value.replace(/\r\n?/g, "\n"))
      .trim()
      .min(min, { message: `${key}TooShort` })
      .max(max, { message: `${key}TooLong` }),
  );

export const ZTicketStatus = z.enum(TICKET_STATUSES);
export const ZTicketPriority = z.enum(TICKET_PRIORITIES);

export const ZCreateTicketInput = z.object({
  subject: trimmedText(SUBJECT_MIN, SUBJECT_MAX, "subject"),
  description: trimmedText(DESCRIPTION_MIN, DESCRIPTION_MAX, "description"),
  category: z
    .string({ message: "categoryRequired" })
    .trim()
    .min(1, { message: "categoryRequired" })
    .max(CATEGORY_SLUG_MAX, { message: "categoryInvalid" }),
  appointmentId: ZOptionalUuid,
  orderId: ZOptionalUuid,
});
export type TCreateTicketInput = z.input<typeof ZCreateTicketInput>;

export const ZTicketId = z.object({ ticketId: ZUuid });

export const ZAddMessageInput = z.object({
  ticketId: ZUuid,
  message: trimmedText(1, MESSAGE_MAX, "message"),
  isInternal: z.boolean().optional().default(false),
  /**
   * An admin's reply: the newest message of the thread on their screen ("none": an empty
   * thread). A public reply by another admin after it refuses the reply (REPLY_CONFLICT) unless
   * `sendAnyway`: they answered while this one was writing. Absent: no check (API clients).
   */
  seenUpTo: z.union([ZUuid, z.literal("none")]).optional(),
  sendAnyway: z.boolean().optional().default(false),
});
export type TAddMessageInput = z.input<typeof ZAddMessageInput>;

/** `expectedVersion` is the ticket version the admin was looking at (optimistic concurrency). */
const ZExpectedVersion = z.number().int().positive().optional();

export const ZUpdateStatusInput = z.object({
  ticketId: ZUuid,
  status: ZTicketStatus,
  reason: refuseNulBytes(z.string().trim().max(REASON_MAX, { message: "reasonTooLong" }))
    .nullish()
    .transform((v) => (v ? v : null)),
  expectedVersion: ZExpectedVersion,
});
export type TUpdateStatusInput = z.input<typeof ZUpdateStatusInput>;

export const ZUpdatePriorityInput = z.object({
  ticketId: ZUuid,
  priority: ZTicketPriority,
  expectedVersion: ZExpectedVersion,
});
export type TUpdatePriorityInput = z.input<typeof ZUpdatePriorityInput>;

export const ZAssignTicketInput = z.object({
  ticketId: ZUuid,
  assigneeId: z.union([ZUuid, z.null()]),
  expectedVersion: ZExpectedVersion,
});
export type TAssignTicketInput = z.input<typeof ZAssignTicketInput>;

export const ZStudentTicketsQuery = z.object({
  status: ZTicketStatus.optional(),
  cursor: z.string().max(500).optional(),
});
export type TStudentTicketsQuery = z.input<typeof ZStudentTicketsQuery>;

export const TAG_MODES = ["any", "all"] as const;
export type TTagMode = (typeof TAG_MODES)[number];

export const ADMIN_SORTS = [
  "created_desc",
  "created_asc",
  "updated_desc",
  "updated_asc",
  "priority_desc",
  "priority_asc",
  "status_asc",
  "status_desc",
  // The earliest running SLA due time first (only tickets with a running clock; docs/sla.md).
  "due_soonest",
] as const;
export type TAdminSort = (typeof ADMIN_SORTS)[number];

/** A calendar day (YYYY-MM-DD), read in the platform's time zone. */
const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "invalidDate" })
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    {
      message: "invalidDate",
    },
  );

export const ZAdminTicketsQuery = z
  .object({
    status: ZTicketStatus.optional(),
    priority: ZTicketPriority.optional(),
    category: z
      .string()
      .trim()
      .min(1, { message: "categoryInvalid" })
      .max(CATEGORY_SLUG_MAX, { message: "categoryInvalid" })
      .optional(),
    /** An admin's id, or "unassigned". */
    assignee: z.union([ZUuid, z.literal("unassigned")]).optional(),
    /** One student's tickets (the requester page, the list's "Élève" filter). */
    student: ZUuid.optional(),
    createdFrom: ZDay.optional(),
    createdTo: ZDay.optional(),
    /** SLA: "late" (a running clock is past due) or "due_soon" (due within the hour). */
    sla: z.enum(SLA_LIST_FILTERS).optional(),
    search: refuseNulBytes(z.string().trim().max(SEARCH_MAX, { message: "searchTooLong" })).optional(),
    /** Tickets with these tags: any of them (default) or all of them. */
    tags: z.array(ZUuid).min(1).max(TAG_FILTER_MAX, { message: "tooManyTags" }).optional(),
    tagMode: z.enum(TAG_MODES).optional(),
    sort: z.enum(ADMIN_SORTS).default("created_desc"),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => !q.createdFrom || !q.createdTo || q.createdFrom <= q.createdTo, {
    message: "dateRangeInverted",
    path: ["createdTo"],
  });
export type TAdminTicketsQuery = z.input<typeof ZAdminTicketsQuery>;

/** The open admin list's live refresh (issue 14): its query, and the tickets the events named. */
export const ZLiveListRowsInput = z.object({
  query: ZAdminTicketsQuery,
  ids: z.array(ZUuid).min(1).max(LIVE_LIST_CHECK_MAX),
});
export type TLiveListRowsInput = z.input<typeof ZLiveListRowsInput>;

const ZSlug = z
  .string()
  .trim()
  .min(CATEGORY_SLUG_MIN, { message: "slugInvalid" })
  .max(CATEGORY_SLUG_MAX, { message: "slugInvalid" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "slugInvalid" });
const ZLabel = refuseNulBytes(
  z.string().trim().min(CATEGORY_LABEL_MIN, { message: "labelTooShort" }).max(CATEGORY_LABEL_MAX, {
    message: "labelTooLong",
  }),
);

export const ZCreateCategoryInput = z.object({ slug: ZSlug, labelFr: ZLabel, labelEn: ZLabel });
export const CATEGORY_PROMPT_MAX = 1000;
const ZPrompt = refuseNulBytes(z.string().trim().max(CATEGORY_PROMPT_MAX, { message: "promptTooLong" }));
export const REQUIRED_LINKS = ["order", "appointment"] as const;

export const ZUpdateCategoryInput = z.object({
  slug: ZSlug,
  labelFr: ZLabel.optional(),
  labelEn: ZLabel.optional(),
  isActive: z.boolean().optional(),
  /** The request template (issue 15). */
  promptFr: ZPrompt.optional(),
  promptEn: ZPrompt.optional(),
  requiredLink: z.enum(REQUIRED_LINKS, { message: "requiredLinkInvalid" }).nullable().optional(),
});
export const ZReorderCategoriesInput = z.object({ slugs: z.array(ZSlug).min(1).max(100) });

/** A student's rating of their resolved ticket (issue 16): 1–5 and an optional comment. */
export const ZRateTicketInput = z.object({
  ticketId: ZUuid,
  score: z
    .number({ message: "ratingScoreRequired" })
    .int({ message: "ratingScoreRequired" })
    .min(1, { message: "ratingScoreRequired" })
    .max(5, { message: "ratingScoreRequired" }),
  comment: refuseNulBytes(z.string().trim().max(RATING_COMMENT_MAX, { message: "ratingCommentTooLong" }))
    .optional()
    .default(""),
});
export type TRateTicketInput = z.input<typeof ZRateTicketInput>;
// Queue tools (issue 15): tags, saved views, bulk actions, merge.
export const ZTagName = refuseNulBytes(
  z
    .string({ message: "tagNameRequired" })
    .trim()
    .min(TAG_NAME_MIN, { message: "tagNameRequired" })
    .max(TAG_NAME_MAX, { message: "tagNameTooLong" }),
);

/** A tag by id, or by name (created when new). */
export const ZAddTicketTagInput = z
  .object({ ticketId: ZUuid, tagId: ZUuid.optional(), name: ZTagName.optional(), expectedVersion: ZExpectedVersion })
  .refine((input) => Boolean(input.tagId || input.name), { message: "tagNameRequired", path: ["name"] });
export type TAddTicketTagInput = z.output<typeof ZAddTicketTagInput>;

export const ZRemoveTicketTagInput = z.object({ ticketId: ZUuid, tagId: ZUuid, expectedVersion: ZExpectedVersion });
export type TRemoveTicketTagInput = z.output<typeof ZRemoveTicketTagInput>;

export const ZRenameTagInput = z.object({ tagId: ZUuid, name: ZTagName });
export type TRenameTagInput = z.output<typeof ZRenameTagInput>;

export const ZMergeTagsInput = z.object({ fromTagId: ZUuid, intoTagId: ZUuid });
export type TMergeTagsInput = z.output<typeof ZMergeTagsInput>;

export const ZViewName = refuseNulBytes(
  z
    .string({ message: "viewNameRequired" })
    .trim()
    .min(VIEW_NAME_MIN, { message: "viewNameRequired" })
    .max(VIEW_NAME_MAX, { message: "viewNameTooLong" }),
);

/** The list's address parameters as the filters form has them; checked again when the view opens. */
export const ZViewParams = z
  .record(z.string().max(40), z.string().max(SEARCH_MAX * 2))
  .refine((params) => Object.keys(params).length <= 16, { message: "invalidFilters" });

export const ZSaveViewInput = z.object({ name: ZViewName, isShared: z.boolean().default(false), params: ZViewParams });
export type TSaveViewInput = z.input<typeof ZSaveViewInput>;

export const ZDeleteViewInput = z.object({ viewId: ZUuid });

const ZBulkTicket = z.object({ ticketId: ZUuid, expectedVersion: ZExpectedVersion });

export const ZBulkAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("assign"), assigneeId: z.union([ZUuid, z.null()]) }),
  z.object({
    type: z.literal("status"),
    status: ZTicketStatus,
    reason: refuseNulBytes(z.string().trim().max(REASON_MAX, { message: "reasonTooLong" }))
      .nullish()
      .transform((v) => (v ? v : null)),
  }),
  z.object({ type: z.literal("priority"), priority: ZTicketPriority }),
  z.object({ type: z.literal("tag"), name: ZTagName }),
]);
export type TBulkAction = z.output<typeof ZBulkAction>;

export const ZBulkActionInput = z.object({
  tickets: z.array(ZBulkTicket).min(1, { message: "bulkNoneSelected" }).max(BULK_MAX, { message: "bulkTooMany" }),
  action: ZBulkAction,
});
export type TBulkActionInput = z.input<typeof ZBulkActionInput>;

export const ZMergeTicketInput = z.object({
  sourceTicketId: ZUuid,
  targetTicketId: ZUuid,
  expectedVersion: ZExpectedVersion,
});
export type TMergeTicketInput = z.output<typeof ZMergeTicketInput>;
/** An admin's availability and capacity (issue 15); null capacity = no limit. */
export const ZSetAvailabilityInput = z.object({
  isAway: z.boolean(),
  maxOpenTickets: z
    .number({ message: "capacityInvalid" })
    .int({ message: "capacityInvalid" })
    .min(1, { message: "capacityInvalid" })
    .max(10000, { message: "capacityInvalid" })
    .nullable(),
  releaseOnAway: z.boolean(),
});
export type TSetAvailabilityInput = z.output<typeof ZSetAvailabilityInput>;
