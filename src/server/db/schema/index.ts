export * from "./auth";
export * from "./platform";
export * from "./tickets";
export * from "./webhooks";
