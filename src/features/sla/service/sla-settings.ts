import "server-only";
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { DEFAULT_WEEKLY_HOURS, type TWeeklyHours } from "@/lib/business-hours";
import { assertRole } from "@/server/auth/roles";
import type { TSessionUser } from "@/server/auth/session";
import type { TTicketPriority } from "@/server/db/schema";
import { businessCalendar, businessHolidays, slaPolicies, ticketCategories } from "@/server/db/schema";
import { withUser } from "@/server/db/with-user";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { validationError } from "@/server/validation";
import { quebecStatutoryHolidays } from "../holidays";
import {
  type TAddHolidayInput,
  type TSaveBusinessCalendarInput,
  type TSaveSlaPolicyInput,
  ZAddHolidayInput,
  ZDeleteHolidayInput,
  ZDeleteSlaPolicyInput,
  ZSaveBusinessCalendarInput,
  ZSaveSlaPolicyInput,
} from "../schemas";

// The SLA admin page (docs/sla.md): policies, weekly hours, holidays. Admins only, under RLS.
// A change applies to the next computation of each ticket's clock (its next change), not
// retroactively to due times already stored.

export type TSlaPolicyRow = {
  id: string;
  priority: TTicketPriority;
  category: string | null;
  firstResponse: number;
  nextResponse: number;
  resolution: number;
};

export type TSlaSettings = {
  policies: TSlaPolicyRow[];
  weekly: TWeeklyHours;
  statutoryHolidays: boolean;
  warningMinutes: number;
  addedHolidays: { day: string; label: string }[];
  /** Quebec's statutory holidays of this year and the next (for the page to list). */
  statutoryDays: string[];
  categories: { slug: string; labelFr: string; labelEn: string }[];
  timeZone: string;
};

export async function getSlaSettings(user: TSessionUser): Promise<TSlaSettings> {
  assertRole(user, "admin");
  return withUser(user, async (tx) => {
    const policies = await tx
      .select({
        id: slaPolicies.id,
        priority: slaPolicies.priority,
        category: slaPolicies.category,
        firstResponse: slaPolicies.firstResponseMinutes,
        nextResponse: slaPolicies.nextResponseMinutes,
        resolution: slaPolicies.resolutionMinutes,
      })
      .from(slaPolicies)
      .orderBy(asc(slaPolicies.category), asc(slaPolicies.priority));
    const [calendar] = await tx.select().from(businessCalendar);
    const addedHolidays = await tx
      .select({ day: businessHolidays.day, label: businessHolidays.label })
      .from(businessHolidays)
      .orderBy(asc(businessHolidays.day));
    const categories = await tx
      .select({ slug: ticketCategories.slug, labelFr: ticketCategories.labelFr, labelEn: ticketCategories.labelEn })
      .from(ticketCategories)
      .orderBy(asc(ticketCategories.sortOrder));
    const year = new Date().getFullYear();
    return {
      policies,
      weekly: (calendar?.weeklyHours as TWeeklyHours | undefined) ?? DEFAULT_WEEKLY_HOURS,
      statutoryHolidays: calendar?.statutoryHolidays ?? true,
      warningMinutes: calendar?.warningMinutes ?? 60,
      addedHolidays,
      statutoryDays: [...quebecStatutoryHolidays(year), ...quebecStatutoryHolidays(year + 1)],
      categories,
      timeZone: env().APP_TIME_ZONE,
    };
  });
}

/** Sets the durations of a priority's default, or of its override for one category (created if new). */
export async function saveSlaPolicy(user: TSessionUser, input: TSaveSlaPolicyInput): Promise<{ id: string }> {
  assertRole(user, "admin");
  const parsed = ZSaveSlaPolicyInput.parse(input);
  return withUser(user, async (tx) => {
    if (parsed.category) {
      const [category] = await tx
        .select({ slug: ticketCategories.slug })
        .from(ticketCategories)
        .where(eq(ticketCategories.slug, parsed.category));
      if (!category) throw validationError("category", "categoryInvalid");
    }
    const values = {
      firstResponseMinutes: parsed.firstResponse,
      nextResponseMinutes: parsed.nextResponse,
      resolutionMinutes: parsed.resolution,
      updatedBy: user.id,
      updatedAt: sql`now()`,
    };
    const match = and(
      eq(slaPolicies.priority, parsed.priority),
      parsed.category ? eq(slaPolicies.category, parsed.category) : isNull(slaPolicies.category),
    );
    const [updated] = await tx.update(slaPolicies).set(values).where(match).returning({ id: slaPolicies.id });
    if (updated) return updated;
    const [inserted] = await tx
      .insert(slaPolicies)
      .values({ priority: parsed.priority, category: parsed.category, ...values })
      .returning({ id: slaPolicies.id });
    if (!inserted) throw new AppError("CONFLICT");
    return inserted;
  });
}

/** Removes a category override (the priority's default then applies); defaults cannot be removed. */
export async function deleteSlaPolicy(user: TSessionUser, input: { id: string }): Promise<{ id: string }> {
  assertRole(user, "admin");
  const { id } = ZDeleteSlaPolicyInput.parse(input);
  return withUser(user, async (tx) => {
    const [deleted] = await tx
      .delete(slaPolicies)
      .where(and(eq(slaPolicies.id, id), isNotNull(slaPolicies.category)))
      .returning({ id: slaPolicies.id });
    if (!deleted) throw new AppError("NOT_FOUND");
    return deleted;
  });
}

export async function saveBusinessCalendar(
  user: TSessionUser,
  input: TSaveBusinessCalendarInput,
): Promise<{ ok: true }> {
  assertRole(user, "admin");
  const parsed = ZSaveBusinessCalendarInput.parse(input);
  return withUser(user, async (tx) => {
    await tx
      .update(businessCalendar)
      .set({
        weeklyHours: parsed.weekly,
        statutoryHolidays: parsed.statutoryHolidays,
        warningMinutes: parsed.warningMinutes,
        updatedBy: user.id,
        updatedAt: sql`now()`,
      })
      .where(eq(businessCalendar.id, true));
    return { ok: true as const };
  });
}

export async function addBusinessHoliday(user: TSessionUser, input: TAddHolidayInput): Promise<{ day: string }> {
  assertRole(user, "admin");
  const parsed = ZAddHolidayInput.parse(input);
  return withUser(user, async (tx) => {
    const [added] = await tx
      .insert(businessHolidays)
      .values({ day: parsed.day, label: parsed.label })
      .onConflictDoNothing()
      .returning({ day: businessHolidays.day });
    if (!added) throw validationError("day", "holidayExists");
    return added;
  });
}

export async function deleteBusinessHoliday(user: TSessionUser, input: { day: string }): Promise<{ day: string }> {
  assertRole(user, "admin");
  const { day } = ZDeleteHolidayInput.parse(input);
  return withUser(user, async (tx) => {
    const [deleted] = await tx
      .delete(businessHolidays)
      .where(eq(businessHolidays.day, day))
      .returning({ day: businessHolidays.day });
    if (!deleted) throw new AppError("NOT_FOUND");
    return deleted;
  });
}
