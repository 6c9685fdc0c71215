import type { TCategory } from "./dto";

export function categoryLabel(categories: readonly TCategory[], slug: string, locale: string): string {
  const category = categories.find((c) => c.slug === slug);
  if (!category) return slug;
  return locale === "en" ? category.labelEn : category.labelFr;
}

/** slug → label in `locale`, for client components that show many tickets. */
export function categoryLabels(categories: readonly TCategory[], locale: string): Record<string, string> {
  return Object.fromEntries(categories.map((c) => [c.slug, locale === "en" ? c.labelEn : c.labelFr]));
}
