// The tickets feature's React components that pages render (its public entry for them).
export { AdminTicketFilters } from "./admin-ticket-filters";
export { AdminTicketList } from "./admin-ticket-list";
export { AdminTicketView } from "./admin-ticket-view";
export { AvailabilityForm } from "./availability-form";
export { CategoryManager } from "./category-manager";
export { CreateTicketForm, type TOption } from "./create-ticket-form";
export { PriorityBadge, StatusBadge } from "./status-badge";
export { StudentStatusTabs } from "./student-status-tabs";
export { StudentTicketList } from "./student-ticket-list";
export { StudentTicketView } from "./student-ticket-view";
export { TagManager } from "./tag-manager";
