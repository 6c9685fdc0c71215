/** A DTO's category label (both languages, joined by the list and details queries) in `locale`. */
export function localizedCategoryLabel(label: { fr: string; en: string }, locale: string): string {
  return locale === "en" ? label.en : label.fr;
}
