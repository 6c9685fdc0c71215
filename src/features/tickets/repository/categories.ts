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
    .onConflictDoNothing()
    .returning(categoryColumns);
  return row;
}

export async function updateCategory(
  tx: TTx,
  slug: string,
  values: { labelFr?: string; labelEn?: string; isActive?: boolean; sortOrder?: number },
) {
  const [row] = await tx
    .update(ticketCategories)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(ticketCategories.slug, slug))
    .returning(categoryColumns);
  return row;
}
