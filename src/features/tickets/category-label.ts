import type { TCategory } from "./dto";

export function categoryLabel(categories: readonly TCategory[], slug: string, locale: string): string {
  const category = categories.find((c) => c.slug === slug);
  if (!category) return slug;
  return locale === "en" ? category.labelEn : category.labelFr;
}
