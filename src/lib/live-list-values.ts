// Shared by the admin list's live check (the browser batches a burst's events) and its route's
// input schema (the server refuses more). Client-safe.

/** At most this many tickets per live check of an open admin list. */
export const LIVE_LIST_CHECK_MAX = 50;
