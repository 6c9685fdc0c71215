import { ticketCategories } from "@/server/db/schema";
import { asServiceRoleTx, only, uniqueSuffix } from "./service-db";

export type TCategoryRow = typeof ticketCategories.$inferSelect;

/**
 * A fresh category (active unless told). Tests that list tickets filter on one of these,
 * so tickets left behind by other test files never enter their assertions.
 */
export function createTicketCategory(
  overrides: Partial<Pick<TCategoryRow, "slug" | "labelFr" | "labelEn" | "isActive" | "sortOrder">> = {},
): Promise<TCategoryRow> {
  const slug = overrides.slug ?? `test-${uniqueSuffix()}`;
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(ticketCategories)
        .values({
          slug,
          labelFr: overrides.labelFr ?? `Catégorie ${slug}`,
          labelEn: overrides.labelEn ?? `Category ${slug}`,
          isActive: overrides.isActive ?? true,
          sortOrder: overrides.sortOrder ?? 1000,
        })
        .returning(),
    ),
  );
}
