/**
 * Splits what an admin typed into search words: each becomes a prefix term matched against
 * both the French-stemmed and the as-typed forms of the text ("reserv", "reservat" and
 * "réservations" all find "Réservations"), all words required. Accents and case are handled
 * by the text-search configurations on both sides. Only letters and digits survive, so each
 * `word:*` is always valid to_tsquery() syntax. "#1042" or "1042" also matches ticket 1042.
 * `studentText` is the text as typed (trimmed, 2 characters or more), matched as a prefix of
 * the students' email, "first last" and last name (issue 17); null for "#1042".
 */
export type TSearchTerms = { words: string[]; ticketNumber: number | null; studentText: string | null };

const MAX_STUDENT_TEXT = 120;

const MAX_TERMS = 8;

export function buildSearchTerms(text: string | undefined): TSearchTerms {
  const trimmed = (text ?? "").normalize("NFC").trim();
  if (!trimmed) return { words: [], ticketNumber: null, studentText: null };

  const numberMatch = /^#?\s*(\d{1,9})$/.exec(trimmed);
  const ticketNumber = numberMatch?.[1] ? Number(numberMatch[1]) : null;
  if (trimmed.startsWith("#") && ticketNumber !== null) return { words: [], ticketNumber, studentText: null };

  const words = trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_TERMS);
  const studentText = trimmed.length >= 2 ? trimmed.replace(/\s+/gu, " ").slice(0, MAX_STUDENT_TEXT) : null;
  return { words, ticketNumber, studentText };
}
