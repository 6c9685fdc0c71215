// The audit log's public entry (React components).
export { AuditFilters } from "./audit-filters";
export { AuditLog } from "./audit-log";
