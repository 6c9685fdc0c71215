// The audit log's public entry (server): the admin page's first page and filters.
export type { TAuditEventItem, TAuditEventPage } from "./dto";
export { auditLogFiltersOf } from "./schemas";
export { listAuditEvents } from "./service/list-audit-events";
