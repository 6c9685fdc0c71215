import { z } from "zod";
import { AUDIT_EVENT_TYPES } from "@/lib/audit-values";

export const AUDIT_LOG_PAGE_SIZE = 25;

export const ZAuditLogQuery = z.object({
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  cursor: z.string().max(400).optional(),
});
export type TAuditLogQuery = z.infer<typeof ZAuditLogQuery>;

/** The page's filter from its URL: an unknown type is no filter. */
export function auditLogFiltersOf(params: Record<string, string | string[] | undefined>): {
  type?: TAuditLogQuery["type"];
} {
  const parsed = ZAuditLogQuery.shape.type.safeParse(params.type);
  return parsed.success && parsed.data ? { type: parsed.data } : {};
}
