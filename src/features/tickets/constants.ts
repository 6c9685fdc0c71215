import type { TTicketPriority, TTicketStatus } from "@/server/db/schema";

// Values the browser needs too (form limits, status and priority lists), kept free of zod and
// Drizzle so client components can import them; schemas.ts builds its checks from the same numbers.
export const SUBJECT_MIN = 5;
export const SUBJECT_MAX = 200;
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 5000;
export const MESSAGE_MAX = 5000;
export const REASON_MAX = 500;
export const PAGE_SIZE = 20;

/** The flow's order (open → in_progress → resolved → closed); the Record makes the compiler check it is complete. */
const STATUS_ORDER = { open: 0, in_progress: 1, resolved: 2, closed: 3 } as const satisfies Record<
  TTicketStatus,
  number
>;
export const STATUSES = Object.keys(STATUS_ORDER) as TTicketStatus[];

const PRIORITY_ORDER = { low: 0, medium: 1, high: 2, urgent: 3 } as const satisfies Record<TTicketPriority, number>;
export const PRIORITIES = Object.keys(PRIORITY_ORDER) as TTicketPriority[];
