// Input schemas of the notifications feature. Client-safe (zod and src/lib only).
import { z } from "zod";
import { EMAIL_STATES, EMAIL_TYPES, NOTIFICATION_CHANNELS, NOTIFICATION_TYPES } from "@/lib/notification-values";
import { CATEGORY_SLUG_MAX } from "@/lib/ticket-values";

export const EMAIL_LOG_PAGE_SIZE = 20;
export const IN_APP_PAGE_SIZE = 10;

/** The Courriels log's filters (each optional; an empty form field means "all"). */
export const ZEmailLogFilters = z.object({
  state: z.enum(EMAIL_STATES).optional(),
  type: z.enum(EMAIL_TYPES).optional(),
  recipient: z.string().trim().toLowerCase().max(320).optional(),
});
export type TEmailLogFilters = z.infer<typeof ZEmailLogFilters>;

export const ZEmailLogQuery = ZEmailLogFilters.extend({ cursor: z.string().max(500).optional() });
export type TEmailLogQuery = z.infer<typeof ZEmailLogQuery>;

export const ZEmailNotificationId = z.object({ id: z.string().uuid({ message: "invalidId" }) });

export const ZLiftSuppressionInput = z.object({ userId: z.string().uuid({ message: "invalidId" }) });

export const ZSetNotificationPreferenceInput = z.object({
  type: z.enum(NOTIFICATION_TYPES),
  channel: z.enum(NOTIFICATION_CHANNELS).default("email"),
  enabled: z.boolean(),
});
export type TSetNotificationPreferenceInput = z.input<typeof ZSetNotificationPreferenceInput>;

/** An admin's categories for "new request" (empty: every category). */
export const ZSetCategorySubscriptionsInput = z.object({
  categories: z.array(z.string().min(1).max(CATEGORY_SLUG_MAX)).max(200),
});
export type TSetCategorySubscriptionsInput = z.infer<typeof ZSetCategorySubscriptionsInput>;

export const ZInAppListQuery = z.object({ cursor: z.string().max(500).optional() });
export const ZInAppNotificationId = z.object({ id: z.string().uuid({ message: "invalidId" }) });
