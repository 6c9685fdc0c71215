// Kept for the route handlers' callers (upload client, lists) until they import src/lib/errors.
export type { TApiResult as TActionResult } from "@/lib/errors";
