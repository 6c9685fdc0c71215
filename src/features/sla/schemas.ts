import { z } from "zod";
import { isValidWeeklyHours } from "@/lib/business-hours";
import { ADDED_HOLIDAY_LABEL_MAX, SLA_MINUTES_MAX, SLA_MINUTES_MIN, SLA_WARNING_MINUTES_MAX } from "@/lib/sla-values";
import { TICKET_PRIORITIES } from "@/lib/ticket-values";

// The SLA admin page's inputs (client-safe). Messages are keys under `validation.*`.

const ZMinutes = z.coerce
  .number({ message: "slaMinutesInvalid" })
  .int({ message: "slaMinutesInvalid" })
  .min(SLA_MINUTES_MIN, { message: "slaMinutesInvalid" })
  .max(SLA_MINUTES_MAX, { message: "slaMinutesInvalid" });

export const ZSaveSlaPolicyInput = z.object({
  priority: z.enum(TICKET_PRIORITIES, { message: "slaPriorityInvalid" }),
  /** null / "": the priority's default; a slug narrows it to one category. */
  category: z
    .union([z.string().trim().max(64, { message: "categoryInvalid" }), z.null()])
    .transform((value) => value || null),
  firstResponse: ZMinutes,
  nextResponse: ZMinutes,
  resolution: ZMinutes,
});
export type TSaveSlaPolicyInput = z.input<typeof ZSaveSlaPolicyInput>;

export const ZDeleteSlaPolicyInput = z.object({ id: z.string().uuid({ message: "invalidId" }) });

export const ZSaveBusinessCalendarInput = z.object({
  weekly: z.unknown().refine(isValidWeeklyHours, { message: "weeklyHoursInvalid" }),
  statutoryHolidays: z.boolean(),
  warningMinutes: z.coerce
    .number({ message: "slaWarningInvalid" })
    .int({ message: "slaWarningInvalid" })
    .min(0, { message: "slaWarningInvalid" })
    .max(SLA_WARNING_MINUTES_MAX, { message: "slaWarningInvalid" }),
});
export type TSaveBusinessCalendarInput = z.input<typeof ZSaveBusinessCalendarInput>;

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "invalidDate" })
  .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), { message: "invalidDate" });

export const ZAddHolidayInput = z.object({
  day: ZDay,
  label: z
    .string()
    .trim()
    .min(1, { message: "holidayLabelInvalid" })
    .max(ADDED_HOLIDAY_LABEL_MAX, { message: "holidayLabelInvalid" })
    .refine((value) => !value.includes("\u0000"), { message: "nulByte" }),
});
export type TAddHolidayInput = z.input<typeof ZAddHolidayInput>;

export const ZDeleteHolidayInput = z.object({ day: ZDay });
