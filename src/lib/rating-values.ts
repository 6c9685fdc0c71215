// Satisfaction ratings (issue 16): client-safe values, the same numbers as migration 0026.

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;
export type TRatingScore = (typeof RATING_SCORES)[number];

/** A rating can be changed for this many days after it was given (the UPDATE policy says 7 days). */
export const RATING_CHANGE_DAYS = 7;

/** The optional comment's length, after trimming (the table's check constraint). */
export const RATING_COMMENT_MAX = 1000;
