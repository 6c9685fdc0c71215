import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { ticketCategories } from "@/server/db/schema";
import type { TTx } from "@/server/db/with-user";
import type { TCategory } from "../dto";

const categoryColumns = {
  slug: ticketCategories.slug,
  labelFr: ticketCategories.labelFr,
  labelEn: ticketCategories.labelEn,
  isActive: ticketCategories.isActive,
  sortOrder: ticketCategories.sortOrder,
  promptFr: ticketCategories.promptFr,
  promptEn: ticketCategories.promptEn,
  requiredLink: ticketCategories.requiredLink,
};

export async function selectCategories(tx: TTx): Promise<TCategory[]> {
  return tx
    .select(categoryColumns)
    .from(ticketCategories)
    .orderBy(asc(ticketCategories.sortOrder), asc(ticketCategories.slug));
}

export async function findCategory(tx: TTx, slug: string): Promise<TCategory | undefined> {
  const [row] = await tx.select(categoryColumns).from(ticketCategories).where(eq(ticketCategories.slug, slug));
  return row;
}

export async function insertCategory(tx: TTx, values: { slug: string; labelFr: string; labelEn: string }) {
  const [row] = await tx
    .insert(ticketCategories)
    .values({
      ...values,
      sortOrder: sql`coalesce((select max(sort_order) from ${ticketCategories}), 0) + 10`,
    })
    .onConflictDoNothing({ target: ticketCategories.slug })
    .returning(categoryColumns);
  return row;
}

/**
 * Which label another category already uses (case-insensitive, migration 0030's unique
 * indexes): "labelFr", "labelEn", or null when both are free.
 */
export async function findTakenCategoryLabel(
  tx: TTx,
  labels: { labelFr?: string; labelEn?: string },
  exceptSlug?: string,
): Promise<"labelFr" | "labelEn" | null> {
  const result = await tx.execute<{ fr: boolean; en: boolean }>(sql`
    select coalesce(bool_or(lower(label_fr) = lower(${labels.labelFr ?? null}::text)), false) as fr,
           coalesce(bool_or(lower(label_en) = lower(${labels.labelEn ?? null}::text)), false) as en
      from ticket_categories
     where slug is distinct from ${exceptSlug ?? null}::text
  `);
  const row = result.rows[0];
  if (row?.fr) return "labelFr";
  if (row?.en) return "labelEn";
  return null;
}

export async function updateCategory(
  tx: TTx,
  slug: string,
  values: {
    labelFr?: string;
    labelEn?: string;
    isActive?: boolean;
    sortOrder?: number;
    promptFr?: string;
    promptEn?: string;
    requiredLink?: "order" | "appointment" | null;
  },
) {
  const [row] = await tx
    .update(ticketCategories)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(ticketCategories.slug, slug))
    .returning(categoryColumns);
  return row;
}
