import { z } from "zod";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "@/server/db/schema";

import { DESCRIPTION_MAX, DESCRIPTION_MIN, MESSAGE_MAX, REASON_MAX, SUBJECT_MAX, SUBJECT_MIN } from "./constants";

// Input schemas (plan section 4.2 limits, in constants.ts so forms can mirror them).
// Messages are i18n keys under `validation.*`.
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

/** Text limits count characters after trimming, as the database checks do. */
const trimmedText = (min: number, max: number, key: string) =>
  z
    .string({ message: `${key}Required` })
    .trim()
    .min(min, { message: `${key}TooShort` })
    .max(max, { message: `${key}TooLong` });

export const ZTicketStatus = z.enum(TICKET_STATUSES);
export const ZTicketPriority = z.enum(TICKET_PRIORITIES);

export const ZCreateTicketInput = z.object({
  subject: trimmedText(SUBJECT_MIN, SUBJECT_MAX, "subject"),
  description: trimmedText(DESCRIPTION_MIN, DESCRIPTION_MAX, "description"),
  category: z
    .string({ message: "categoryRequired" })
    .trim()
    .min(1, { message: "categoryRequired" })
    .max(64, { message: "categoryInvalid" }),
  appointmentId: ZOptionalUuid,
  orderId: ZOptionalUuid,
});
export type TCreateTicketInput = z.input<typeof ZCreateTicketInput>;

export const ZTicketId = z.object({ ticketId: ZUuid });

export const ZAddMessageInput = z.object({
  ticketId: ZUuid,
  message: trimmedText(1, MESSAGE_MAX, "message"),
  isInternal: z.boolean().optional().default(false),
});
export type TAddMessageInput = z.input<typeof ZAddMessageInput>;

/** `expectedVersion` is the ticket version the admin was looking at (optimistic concurrency). */
const ZExpectedVersion = z.number().int().positive().optional();

export const ZUpdateStatusInput = z.object({
  ticketId: ZUuid,
  status: ZTicketStatus,
  reason: z
    .string()
    .trim()
    .max(REASON_MAX, { message: "reasonTooLong" })
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

export const ADMIN_SORTS = [
  "created_desc",
  "created_asc",
  "updated_desc",
  "updated_asc",
  "priority_desc",
  "priority_asc",
  "status_asc",
  "status_desc",
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
      .max(64, { message: "categoryInvalid" })
      .optional(),
    /** An admin's id, or "unassigned". */
    assignee: z.union([ZUuid, z.literal("unassigned")]).optional(),
    createdFrom: ZDay.optional(),
    createdTo: ZDay.optional(),
    search: z.string().trim().max(200, { message: "searchTooLong" }).optional(),
    sort: z.enum(ADMIN_SORTS).default("created_desc"),
    cursor: z.string().max(500).optional(),
  })
  .refine((q) => !q.createdFrom || !q.createdTo || q.createdFrom <= q.createdTo, {
    message: "dateRangeInverted",
    path: ["createdTo"],
  });
export type TAdminTicketsQuery = z.input<typeof ZAdminTicketsQuery>;

const ZSlug = z
  .string()
  .trim()
  .min(2, { message: "slugInvalid" })
  .max(64, { message: "slugInvalid" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "slugInvalid" });
const ZLabel = z.string().trim().min(2, { message: "labelTooShort" }).max(80, { message: "labelTooLong" });

export const ZCreateCategoryInput = z.object({ slug: ZSlug, labelFr: ZLabel, labelEn: ZLabel });
export const ZUpdateCategoryInput = z.object({
  slug: ZSlug,
  labelFr: ZLabel.optional(),
  labelEn: ZLabel.optional(),
  isActive: z.boolean().optional(),
});
export const ZReorderCategoriesInput = z.object({ slugs: z.array(ZSlug).min(1).max(100) });
