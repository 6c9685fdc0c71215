export * from "./agent-tools";
export * from "./analytics";
export * from "./auth";
export * from "./platform";
export * from "./settings";
export * from "./sla";
export * from "./tickets";
export * from "./webhooks";
