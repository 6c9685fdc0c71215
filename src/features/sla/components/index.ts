// The SLA feature's React components (public entry for routes and the tickets feature's pages).
export { SlaBadge } from "./sla-badge";
export { SlaClocks } from "./sla-clocks";
export { SlaSettings } from "./sla-settings";
