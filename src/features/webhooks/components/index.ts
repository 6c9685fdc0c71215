// The webhooks feature's React components that pages render (its public entry for them).
export { DeliveryDetails } from "./delivery-details";
export { DeliveryFilters } from "./delivery-filters";
export { DeliveryLog } from "./delivery-log";
export { EndpointStatusCard } from "./endpoint-status-card";
export { WebhookSettingsForm } from "./webhook-settings-form";
export { WebhooksDashboardPanel } from "./webhooks-dashboard-panel";
