// The notifications feature's React components (public entry for routes).

export { CategorySubscriptionsForm } from "./category-subscriptions-form";
export { EmailLog } from "./email-log";
export { EmailLogFilters } from "./email-log-filters";
export { EmailPreview } from "./email-preview";
export { EmailSuppressions } from "./email-suppressions";
export { NotificationBell } from "./notification-bell";
export { PreferencesForm } from "./preferences-form";
